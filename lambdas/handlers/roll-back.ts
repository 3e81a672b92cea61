/**
 * Lambda for the RollBack state. Runs from the Catch of a step that failed before
 * Publish: removes the new key and the pending version.
 *
 * It only parses its event and runs `rollBack`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { stepLogging } from '../observability/step-logging.ts';
import { type RollBackPorts, rollBack } from '../rotation/roll-back.ts';
import type { RolledBack } from '../rotation/rotation-state.ts';
import { accessKeys } from '../wiring/access-keys.ts';
import { rotationLock } from '../wiring/rotation-lock.ts';
import { secretStore } from '../wiring/secret-store.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: RollBackPorts = {
  keys: accessKeys,
  secrets: secretStore,
  lock: rotationLock,
  clock: systemClock,
};

export const handler = middy(
  async (event: unknown): Promise<RolledBack> => rollBack(parseRotationState(event), ports),
).use(stepLogging('RollBack'));
