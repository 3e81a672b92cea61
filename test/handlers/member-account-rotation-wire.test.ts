/**
 * Rotations of `<member>/alice` on the embedded local cloud, with no SDK
 * mock: the hub assumes the member role over the wire, STS checks its trust
 * policy, and IAM and Secrets Manager act in the account the session belongs
 * to. One AssumeRole per account per warm container, renewed before expiry.
 */
import { seedIamUser } from '@access-key-rotator/local-cloud';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPTED_IN_TAGS, secretName } from '../../lambdas/config/environment.ts';
import { context, MEMBER, PREFIX, useMemberAccountCloud } from './member-account-cloud.ts';

const world = useMemberAccountCloud();

describe("a member account's principal on the local cloud", () => {
  it("rotates <member>/alice in the member account's IAM, its secret in the hub, one AssumeRole per container", async () => {
    // Prepare
    const [oldKeyId] = world.seedMemberAlice();
    seedIamUser(world.cloud, { userName: 'alice', tags: OPTED_IN_TAGS, keys: [{ ageDays: 10 }] });
    const hubAliceKeys = world.cloud.iam.listAccessKeys('alice').map((key) => key.accessKeyId);
    const steps = await world.loadSteps();
    const assumedBefore = world.assumeRoleRequests().length;

    // Act
    const state = await world.rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-1`);

    // Assess: the member's alice has only the new key; the hub's alice is untouched.
    const memberKeys = world.cloud.account(MEMBER).iam.listAccessKeys('alice');
    expect(memberKeys.map((key) => [key.accessKeyId, key.status])).toEqual([
      [state.created.newKeyId, 'Active'],
    ]);
    expect(state.created.newKeyId).not.toBe(oldKeyId);
    expect(world.cloud.iam.listAccessKeys('alice').map((key) => key.accessKeyId)).toEqual(hubAliceKeys);
    const current = JSON.parse(
      world.cloud.secrets.getSecretValue(state.plan.secretName).secretString ?? '{}',
    );
    expect(current.AccessKeyId).toBe(state.created.newKeyId);
    expect(state.plan.secretName).toBe(`${PREFIX}/aws/${MEMBER}/alice`);
    expect(state.record).toMatchObject({ principal: `${MEMBER}/alice`, status: 'SUCCEEDED' });
    // Subscribers see the account on the bus, next to the principal.
    const rotated = world.cloud.events.list({ detailType: 'Access Key Rotated' }).at(-1);
    expect(JSON.parse(rotated?.detail ?? '{}')).toMatchObject({
      principal: `${MEMBER}/alice`,
      account: MEMBER,
    });
    // The IAM writes acted in the member account, signed by the member role's session.
    const writes = world.cloud.requests.filter((request) =>
      ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey'].includes(request.action),
    );
    expect(writes.map((request) => request.account)).toEqual([MEMBER, MEMBER, MEMBER]);
    expect(writes.every((request) => request.accessKeyId?.startsWith('ASIA'))).toBe(true);
    // Plan, CreateKey, RetireOldKey and DeleteOldKey call the member's IAM: one session each.
    expect(world.assumeRoleRequests().length - assumedBefore).toBe(4);
    expect(world.output.text()).not.toContain(memberSecretOf(state.created.newKeyId));
  });

  it('assumes the role once in a warm container, however many rotations it runs', async () => {
    // Prepare
    world.seedMemberAlice();
    const steps = await world.loadSteps();
    await world.rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-2`);
    const assumedAfterFirst = world.assumeRoleRequests().length;

    // Act
    await world.rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-3`);

    // Assess
    expect(world.assumeRoleRequests().length).toBe(assumedAfterFirst);
  });

  it('keeps the secret in the member account with AKR_SECRET_LOCATION=member', async () => {
    // Prepare
    const name = secretName(PREFIX, 'aws', `${MEMBER}/alice`);
    if (world.cloud.secrets.findSecret(name)) world.cloud.secrets.deleteSecret(name);
    world.seedMemberAlice({ secretAccount: MEMBER });
    const steps = await world.loadSteps({ AKR_SECRET_LOCATION: 'member' });
    const callsBefore = world.cloud.requests.length;

    // Act
    const state = await world.rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-4`);

    // Assess
    const memberSecret = world.cloud.account(MEMBER).secrets.getSecretValue(state.plan.secretName);
    expect(JSON.parse(memberSecret.secretString ?? '{}').AccessKeyId).toBe(state.created.newKeyId);
    expect(world.cloud.secrets.findSecret(state.plan.secretName)).toBeUndefined();
    const secretCalls = world.cloud.requests
      .slice(callsBefore)
      .filter((request) => request.service === 'secretsmanager');
    expect(secretCalls.length).toBeGreaterThan(5);
    expect(new Set(secretCalls.map((request) => request.account))).toEqual(new Set([MEMBER]));
  });
});

describe('the member session of a warm container', () => {
  afterEach(() => vi.useRealTimers());

  it('is renewed shortly before it expires, and not earlier', async () => {
    // Prepare: the container's and the cloud's clock, moved together.
    vi.useFakeTimers({ toFake: ['Date'] });
    world.seedMemberAlice();
    const steps = await world.loadSteps();
    const dryRun = (rotationId: string) =>
      steps.plan(world.planRequest(`${MEMBER}/alice`, rotationId), context);
    await dryRun('session-1');
    const afterFirst = world.assumeRoleRequests().length;

    // Act
    vi.setSystemTime(Date.now() + 40 * 60_000);
    await dryRun('session-2');
    const afterForty = world.assumeRoleRequests().length;
    vi.setSystemTime(Date.now() + 17 * 60_000);
    await dryRun('session-3');

    // Assess: the one-hour session served 40 minutes on, and was renewed 57 minutes on, before it expired.
    expect(afterForty).toBe(afterFirst);
    expect(world.assumeRoleRequests().length).toBe(afterFirst + 1);
  });
});

/** The secret of a key, as the member account's IAM holds it (never to be seen in the logs). */
function memberSecretOf(keyId: string): string {
  const key = world.cloud
    .account(MEMBER)
    .iam.listAccessKeys('alice')
    .find((k) => k.accessKeyId === keyId);
  return key?.secretAccessKey ?? 'no-such-key';
}
