/**
 * A fleet world for rule tests: the fake directory, the rotation's fake lock
 * and settable clock, all on one call log, with the settings of a default
 * AWS deployment (90-day policy, 7-day grace, 7-day deletion delay).
 */

import type { RotatorSettings } from '../../../lambdas/config/environment.ts';
import type { FleetSettings } from '../../../lambdas/config/fleet-environment.ts';
import type { FleetPorts } from '../../../lambdas/fleet/fleet-ports.ts';
import type { DiscoverRequest, FleetDiscovery } from '../../../lambdas/fleet/fleet-state.ts';
import { CallLog } from '../../rotation/fakes/call-log.ts';
import { InMemoryLock } from '../../rotation/fakes/in-memory-lock.ts';
import { SettableClock, START } from '../../rotation/fakes/settable-clock.ts';
import { TEST_SETTINGS } from '../../support/in-memory-ports.ts';
import { InMemoryFleetDirectory } from './in-memory-fleet-directory.ts';
import { InMemoryWorkStore } from './in-memory-work-store.ts';

export const DAY_SECONDS = 24 * 3600;

export const FLEET_EXECUTION_ARN =
  'arn:aws:states:eu-west-1:123456789012:execution:akr-fleet-aws:scheduled-1';

export const TEST_FLEET_SETTINGS: FleetSettings = {
  maxKeyAgeDays: 90,
  exemptTag: { key: 'access-key-rotator:exempt', value: undefined },
  exemptGroups: ['break-glass'],
  yandexServiceAccounts: [],
  discoveryConcurrency: 4,
  accountConcurrency: 2,
  workBucket: 'akr-fleet-work',
  notificationTopicArn: undefined,
  eventBusName: 'default',
  stateMachineArns: {},
};

export interface FleetWorld {
  readonly ports: FleetPorts;
  readonly log: CallLog;
  readonly clock: SettableClock;
  readonly directory: InMemoryFleetDirectory;
  readonly lock: InMemoryLock;
  readonly workStore: InMemoryWorkStore;
}

export function createFleetWorld(
  options: { settings?: Partial<RotatorSettings>; fleetSettings?: Partial<FleetSettings> } = {},
): FleetWorld {
  const log = new CallLog();
  const clock = new SettableClock(START);
  const directory = new InMemoryFleetDirectory(log);
  const lock = new InMemoryLock(log, clock);
  const workStore = new InMemoryWorkStore();
  const ports: FleetPorts = {
    directory,
    workStore,
    lock,
    clock,
    settings: { ...TEST_SETTINGS, ...options.settings },
    fleetSettings: { ...TEST_FLEET_SETTINGS, ...options.fleetSettings },
  };
  return { ports, log, clock, directory, lock, workStore };
}

/** The due principals Discover wrote to the work bucket for the Map, in item order. */
export function dueOf(world: FleetWorld, discovery: FleetDiscovery): string[] {
  return world.workStore.duePrincipals(discovery.accountsKey);
}

/** The instant `seconds` before the world's clock. */
export function secondsBefore(world: FleetWorld, seconds: number): string {
  return new Date(world.clock.now().getTime() - seconds * 1000).toISOString();
}

export function daysBefore(world: FleetWorld, days: number): string {
  return secondsBefore(world, days * DAY_SECONDS);
}

/** A user in scope with one Active key of that age. */
export function userWithKeyAged(world: FleetWorld, principal: string, ageSeconds: number): void {
  world.directory.addPrincipal(principal);
  world.directory.addKey(principal, secondsBefore(world, ageSeconds));
}

/** A Discover payload as the state machine builds it; the run started at the world's start. */
export function discoverRequest(input: unknown = {}): DiscoverRequest {
  return { input, executionArn: FLEET_EXECUTION_ARN, startedAt: START };
}

/** A discovery of an empty run, for tests that build one by hand: override what matters. */
export function discoveryOf(overrides: Partial<FleetDiscovery> = {}): FleetDiscovery {
  const prefix = 'fleet/aws/scheduled-1/';
  return {
    provider: 'aws',
    executionArn: FLEET_EXECUTION_ARN,
    runDate: '2030-01-01',
    dryRun: false,
    maxKeyAgeDays: 90,
    dueAtAgeDays: 76,
    gracePeriodSeconds: 0,
    deletionDelaySeconds: 0,
    workBucket: 'akr-fleet-work',
    accountsKey: `${prefix}accounts.json`,
    discoveryKey: `${prefix}discovery.json`,
    accounts: 1,
    scanned: 0,
    dueCount: 0,
    dueDetails: [],
    dueNotListed: 0,
    skipped: [],
    skippedCounts: {},
    skippedNotListed: 0,
    byAccount: [],
    byAccountNotListed: 0,
    unreadableAccounts: [],
    unreadableAccountsCount: 0,
    unreadableNotListed: 0,
    ...overrides,
  };
}
