/**
 * The fleet's work bucket (AKR_FLEET_WORK_BUCKET), where Discover writes the
 * due items and Summarize reads the Maps' results: in a module of its own, so
 * Summarize, which needs nothing else, loads only the S3 client.
 */
import { s3Client } from '../adapters/aws/s3-evidence-archive.ts';
import { missingFleetWorkStore, s3FleetWorkStore } from '../adapters/aws/s3-fleet-work-store.ts';
import { fleetSettings } from '../config/container-settings.ts';
import { FLEET_ENV } from '../config/fleet-environment.ts';
import type { FleetWorkStore } from '../fleet/fleet-ports.ts';

export const fleetWorkStore: FleetWorkStore =
  fleetSettings.workBucket === undefined
    ? missingFleetWorkStore(FLEET_ENV.workBucket)
    : s3FleetWorkStore(s3Client, fleetSettings.workBucket);
