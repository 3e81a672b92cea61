/**
 * findKeyOwner across accounts, as a deployed step's container wires it
 * (lambdas/wiring/access-keys.ts), on the embedded cloud of a hub that is not
 * 000000000000: a member account's key is found with a real AssumeRole of
 * its member role and named `<account>/<user>`; a key is looked for only in
 * the account asked for; an account whose role refuses the hub is an error,
 * never "no such key".
 */
import { describe, expect, it, vi } from 'vitest';
import type { AccessKeyProvider } from '../../lambdas/rotation/ports.ts';
import { DISTRUSTING, MEMBER, useMemberAccountCloud } from '../handlers/member-account-cloud.ts';

const world = useMemberAccountCloud();

async function containerAccessKeys(): Promise<AccessKeyProvider> {
  await world.loadSteps();
  vi.resetModules();
  return (await import('../../lambdas/wiring/access-keys.ts')).accessKeys;
}

describe("a step container's findKeyOwner", () => {
  it("finds a member account's key through its member role and names it <account>/<user>", async () => {
    // Prepare
    const [key = ''] = world.seedMemberAlice();
    const keys = await containerAccessKeys();
    const before = world.assumeRoleRequests().length;

    // Act
    const inMember = await keys.findKeyOwner(key, MEMBER);
    const inHub = await keys.findKeyOwner(key);

    // Assess
    expect(inMember).toEqual({ principal: `${MEMBER}/alice`, keyId: key });
    expect(inHub).toBeUndefined();
    expect(world.assumeRoleRequests().length - before).toBe(1);
  });

  it('fails naming the role when the member role does not trust this hub', async () => {
    // Prepare
    const keys = await containerAccessKeys();

    // Act
    const outcome = keys.findKeyOwner('AKIAEXPOSED000000001', DISTRUSTING);

    // Assess
    await expect(outcome).rejects.toMatchObject({
      name: 'MemberAccountUnreachableError',
      account: DISTRUSTING,
    });
  });
});
