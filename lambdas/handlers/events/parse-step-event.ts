/**
 * Shape checks for what Step Functions hands each task. The state machine
 * builds these payloads, so a failure here means a wiring mistake (a wrong
 * InputPath or ResultPath), reported as a ValidationError naming the field
 * rather than a TypeError deep inside a rule.
 *
 * Extra top-level fields (the execution input travels along) are kept: the
 * rules read only the fields they know.
 */

import { asRecord, requireText } from '../../rotation/payload-checks.ts';
import type { PlanRequest, RotationState } from '../../rotation/rotation-state.ts';

/** The Plan task's payload; `input` stays raw, since validating it is the Plan rule's job. */
export function parsePlanRequest(event: unknown): PlanRequest {
  const request = asRecord(event, 'event');
  for (const key of ['rotationId', 'executionArn', 'startedAt']) requireText(request, key, key);
  return request as unknown as PlanRequest;
}

/** Every later task receives the whole state, built on the plan. */
export function parseRotationState(event: unknown): RotationState {
  const state = asRecord(event, 'event');
  const plan = asRecord(state.plan, 'plan');
  for (const key of ['rotationId', 'secretVersionId', 'principal', 'secretName', 'provider'])
    requireText(plan, key, `plan.${key}`);
  return state as unknown as RotationState;
}
