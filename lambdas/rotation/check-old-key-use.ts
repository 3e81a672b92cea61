/**
 * Step CheckOldKeyUse, after the grace period.
 *
 * Normal path: ask when the old key was last used. Not used since the new key
 * was published (after a deferral: since the previous check) → RETIRE. Used
 * since → apply the configured policy:
 * - defer: DEFER (wait another grace period) until maxDeferrals is used up,
 *   notifying `Access Key Retirement Deferred` so someone can chase the
 *   consumer still on the old key before the deferrals run out;
 * - alert: RETIRE anyway, flagged `alerted` so the workflow notifies;
 * - fail: stop.
 *
 * Emergency: RETIRE at once, policy EMERGENCY, with no API call and no
 * deferral: the key is exposed, so whoever still uses it must move now.
 *
 * Failure path: OldKeyStillInUseError (policy fail, or defer exhausted). It
 * comes after Publish, so nothing is retired: both keys stay usable and an
 * operator finds the consumer still on the old key. TransientError when the
 * deferral could not be notified (the retry decides again, and sends again).
 */

import { notifyBestEffort } from './notify-best-effort.ts';
import type { RotationPorts } from './ports.ts';
import { OldKeyStillInUseError } from './rotation-errors.ts';
import { rotationEventOf } from './rotation-event-of.ts';
import { ROTATION_EVENT_TYPES } from './rotation-events.ts';
import type { OldKeyUsage, RotationState } from './rotation-state.ts';
import { requirePublished } from './secret-stages.ts';

export type CheckOldKeyUsePorts = Pick<RotationPorts, 'keys' | 'clock' | 'notifier'>;

export async function checkOldKeyUse(state: RotationState, ports: CheckOldKeyUsePorts): Promise<OldKeyUsage> {
  const { plan } = state;
  const published = requirePublished(state, 'check the old key');
  const previousDeferrals = state.usage?.deferrals ?? 0;
  const now = ports.clock.now();
  const checkedAt = now.toISOString();
  const usage = (lastUsedAt: string | null, usedAfterPublish: boolean) => ({
    checkedAt,
    oldKeyLastUsedAt: lastUsedAt,
    usedAfterPublish,
    deferrals: previousDeferrals,
    alerted: false,
    policy: plan.oldKeyInUsePolicy,
  });
  // `emergency` is absent from a plan written before it existed: such a run is a normal one.
  if (plan.emergency === true) return { ...usage(null, false), decision: 'RETIRE', policy: 'EMERGENCY' };
  if (plan.oldKeyId === null) return { ...usage(null, false), decision: 'RETIRE' };

  // After a deferral the question is whether the key is STILL in use: a use before the previous
  // check was already answered by deferring once, and must not defer again.
  const since = state.usage?.decision === 'DEFER' ? state.usage.checkedAt : published.publishedAt;
  const lastUsedAt = (await ports.keys.lastUsedAt(plan.principal, plan.oldKeyId)) ?? null;
  const usedAfterPublish = lastUsedAt !== null && Date.parse(lastUsedAt) > Date.parse(since);
  if (!usedAfterPublish) return { ...usage(lastUsedAt, false), decision: 'RETIRE' };

  const stillInUse = (detail: string) =>
    new OldKeyStillInUseError(
      `old key ${plan.oldKeyId} of ${plan.principal} was used at ${lastUsedAt}, after key ` +
        `${state.created?.newKeyId ?? '(new)'} was published at ${published.publishedAt}; ${detail}. ` +
        'Nothing was retired: both keys stay usable until the consumer moves to the new key',
    );
  switch (plan.oldKeyInUsePolicy) {
    case 'defer':
      if (previousDeferrals < plan.maxDeferrals) {
        const deferrals = previousDeferrals + 1;
        const notificationFailure = await notifyBestEffort(ports.notifier, [
          rotationEventOf(state, ROTATION_EVENT_TYPES.deferred, now, {
            oldKeyLastUsedAt: lastUsedAt,
            deferrals,
          }),
        ]);
        return {
          ...usage(lastUsedAt, true),
          decision: 'DEFER',
          deferrals,
          ...(notificationFailure !== undefined && { notificationFailure }),
        };
      }
      throw stillInUse(`already deferred ${previousDeferrals} of ${plan.maxDeferrals} times`);
    case 'alert':
      return { ...usage(lastUsedAt, true), decision: 'RETIRE', alerted: true };
    case 'fail':
      throw stillInUse('policy is fail');
  }
}
