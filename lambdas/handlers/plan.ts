/**
 * Lambda for the Plan state. Receives a PlanRequest (the raw execution input plus the
 * execution name, id and start time) and returns the RotationPlan that every later
 * state works from.
 *
 * It only parses its event and runs `planRotation`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { planRotation } from '../rotation/plan-rotation.ts';
import type { RotationPlan } from '../rotation/rotation-state.ts';
import { parsePlanRequest } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<RotationPlan> => planRotation(parsePlanRequest(event), rotationPorts),
).use(stepLogging('Plan'));
