/**
 * The settings this container runs with, read from its environment once, at
 * cold start: a misconfigured deployment fails before its first invocation,
 * naming the variable, and every port built from them agrees on the provider.
 */
import { type RotatorSettings, readSettings } from './environment.ts';
import { type FleetSettings, readFleetSettings } from './fleet-environment.ts';

export const rotatorSettings: RotatorSettings = readSettings();

/** Read with the rotator's: the notifier's topic and bus are fleet settings too. */
export const fleetSettings: FleetSettings = readFleetSettings();
