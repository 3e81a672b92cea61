/**
 * The ports the fleet's Discover passes to its rule, built once per container
 * for the provider the deployment serves (AKR_PROVIDER). They reuse the
 * rotation's key provider, lock and clock, so the fleet reads keys and locks
 * exactly as a rotation does. Building them makes no network call, and a
 * misconfigured fleet setting fails at cold start.
 */

import { iamClient } from '../adapters/aws/iam-clients.ts';
import { iamFleetDirectory } from '../adapters/aws/iam-fleet-directory.ts';
import { yandexFleetDirectory } from '../adapters/yandex/yandex-fleet-directory.ts';
import { fleetSettings, rotatorSettings } from '../config/container-settings.ts';
import type { FleetDirectory, FleetPorts } from '../fleet/fleet-ports.ts';
import { accessKeys } from './access-keys.ts';
import { rotationLock } from './rotation-lock.ts';
import { systemClock } from './system-clock.ts';

const directory: FleetDirectory =
  rotatorSettings.provider === 'yandex'
    ? yandexFleetDirectory(fleetSettings.yandexServiceAccounts, accessKeys, rotatorSettings)
    : iamFleetDirectory(iamClient, accessKeys, rotatorSettings);

export const fleetPorts: FleetPorts = {
  directory,
  lock: rotationLock,
  clock: systemClock,
  settings: rotatorSettings,
  fleetSettings,
};
