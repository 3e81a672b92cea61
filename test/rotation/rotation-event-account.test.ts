/** Every AWS rotation event says which account its principal is in, so subscribers can route on it. */
import { describe, expect, it } from 'vitest';
import { rotationEventOf } from '../../lambdas/rotation/rotation-event-of.ts';
import { ROTATION_EVENT_TYPES } from '../../lambdas/rotation/rotation-events.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { plan } from '../handlers/rotation-fixtures.ts';

const AT = new Date('2025-02-01T00:03:00.000Z');

function eventFor(changes: Partial<RotationState['plan']>) {
  return rotationEventOf({ plan: { ...plan, ...changes } }, ROTATION_EVENT_TYPES.rotated, AT);
}

describe('the account of a rotation event', () => {
  it('is the member account of <account-id>/<user>, next to the principal as it was named', () => {
    expect(eventFor({ principal: '111122223333/alice' })).toMatchObject({
      principal: '111122223333/alice',
      account: '111122223333',
    });
  });

  it("is the hub's for a hub principal: the account its execution runs in", () => {
    expect(eventFor({ principal: 'alice' })).toMatchObject({ principal: 'alice', account: '123456789012' });
  });

  it('is absent for a Yandex service account', () => {
    expect(eventFor({ provider: 'yandex', principal: 'aje1' })).not.toHaveProperty('account');
  });
});
