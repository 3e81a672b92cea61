/**
 * Builds the notifications a rotation sends from its state. The fields every
 * event shares come from the plan and the created key only, so what a
 * subscriber receives is ids and instants by construction (invariant 2),
 * whatever else the state carries.
 */
import { parseAccountPrincipal } from '../shared/account-principal.ts';
import type { RotationEvent, RotationEventType } from './rotation-events.ts';
import type { RotationState } from './rotation-state.ts';

/** The per-type fields: when the old key is retired, its last use, the failure. */
export type RotationEventDetails = Omit<
  RotationEvent,
  | 'type'
  | 'rotationId'
  | 'executionArn'
  | 'provider'
  | 'principal'
  | 'account'
  | 'oldKeyId'
  | 'newKeyId'
  | 'at'
>;

/**
 * A member principal names its account; a hub principal's is the one the
 * rotation's execution runs in, which its ARN says
 * (`arn:aws:states:<region>:<account>:execution:…`), so no setting is needed.
 */
function accountOf(plan: RotationState['plan']): string | undefined {
  if (plan.provider !== 'aws') return undefined;
  const parsed = parseAccountPrincipal(plan.principal, undefined);
  const member = parsed.ok ? parsed.principal.account : undefined;
  return member ?? (plan.executionArn.split(':')[4] || undefined);
}

export function rotationEventOf(
  state: RotationState,
  type: RotationEventType,
  at: Date,
  details: RotationEventDetails = {},
): RotationEvent {
  const { plan } = state;
  const account = accountOf(plan);
  return {
    type,
    rotationId: plan.rotationId,
    executionArn: plan.executionArn,
    provider: plan.provider,
    principal: plan.principal,
    ...(account === undefined ? {} : { account }),
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
