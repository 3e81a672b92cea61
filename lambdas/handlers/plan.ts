/**
 * Lambda for the Plan state. Receives a PlanRequest (the raw execution input plus the
 * execution name, id and start time) and returns the RotationPlan that every later
 * state works from.
 *
 * It only parses its event and runs `planRotation`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotatorSettings } from '../config/container-settings.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { type PlanPorts, planRotation } from '../rotation/plan-rotation.ts';
import type { RotationPlan } from '../rotation/rotation-state.ts';
import { accessKeys } from '../wiring/access-keys.ts';
import { rotationLock } from '../wiring/rotation-lock.ts';
import { secretStore } from '../wiring/secret-store.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parsePlanRequest } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: PlanPorts = {
  keys: accessKeys,
  secrets: secretStore,
  lock: rotationLock,
  clock: systemClock,
  settings: rotatorSettings,
};

export const handler = middy(
  async (event: unknown): Promise<RotationPlan> => planRotation(parsePlanRequest(event), ports),
).use(stepLogging('Plan'));
