/**
 * Builds the notifications a rotation sends from its state. The fields every
 * event shares come from the plan and the created key only, so what a
 * subscriber receives is ids and instants by construction (invariant 2),
 * whatever else the state carries.
 */
import type { RotationEvent, RotationEventType } from './rotation-events.ts';
import type { RotationState } from './rotation-state.ts';

/** The per-type fields: when the old key is retired, its last use, the failure. */
export type RotationEventDetails = Omit<
  RotationEvent,
  'type' | 'rotationId' | 'executionArn' | 'provider' | 'principal' | 'oldKeyId' | 'newKeyId' | 'at'
>;

export function rotationEventOf(
  state: RotationState,
  type: RotationEventType,
  at: Date,
  details: RotationEventDetails = {},
): RotationEvent {
  const { plan } = state;
  return {
    type,
    rotationId: plan.rotationId,
    executionArn: plan.executionArn,
    provider: plan.provider,
    principal: plan.principal,
    oldKeyId: plan.oldKeyId,
    newKeyId: state.created?.newKeyId ?? null,
    at: at.toISOString(),
    ...details,
  };
}

/** `seconds` after an ISO instant, as an ISO instant. */
export function secondsAfter(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}
