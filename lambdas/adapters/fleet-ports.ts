/**
 * The ports the fleet handlers pass to their rules, built once per container
 * for the provider the deployment serves (AKR_PROVIDER). They reuse the
 * rotation's ports (the same clients, key provider, lock and clock), so the
 * fleet reads keys and locks exactly as a rotation does. Building them makes
 * no network call, and a misconfigured fleet setting fails at cold start.
 */
import { type FleetSettings, readFleetSettings } from '../config/fleet-environment.ts';
import type { FleetDirectory, FleetPorts } from '../fleet/fleet-ports.ts';
import type { RotationPorts } from '../rotation/ports.ts';
import { iamClient } from './aws/aws-clients.ts';
import { iamFleetDirectory } from './aws/iam-fleet-directory.ts';
import { rotationPorts } from './rotation-ports.ts';
import { yandexFleetDirectory } from './yandex/yandex-fleet-directory.ts';

function directoryFor(base: RotationPorts, fleetSettings: FleetSettings): FleetDirectory {
  return base.settings.provider === 'yandex'
    ? yandexFleetDirectory(fleetSettings.yandexServiceAccounts, base.keys, base.settings)
    : iamFleetDirectory(iamClient, base.keys, base.settings);
}

export function buildFleetPorts(
  base: RotationPorts = rotationPorts,
  fleetSettings: FleetSettings = readFleetSettings(),
): FleetPorts {
  return {
    directory: directoryFor(base, fleetSettings),
    lock: base.lock,
    clock: base.clock,
    settings: base.settings,
    fleetSettings,
  };
}

export const fleetPorts: FleetPorts = buildFleetPorts();
