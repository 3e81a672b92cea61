/**
 * Plan in the key-id form and in an emergency: the owner comes from
 * keys.findKeyOwner, and every refusal (an unknown key, someone else's key, a
 * key that is not the one to replace, the new key of a rotation in flight)
 * leaves nothing behind: no key created, no lock taken, no write at all.
 */
import { describe, expect, it } from 'vitest';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import { planRotation } from '../../lambdas/rotation/plan-rotation.ts';
import { RotationInFlightError, ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { READERS_TAG } from '../../lambdas/rotation/secret-readers.ts';
import { createInMemoryPorts, type InMemoryWorld, START } from '../support/in-memory-ports.ts';
import {
  keylessScenario,
  LOCK_ID,
  managedScenario,
  OTHER_ROTATION_ID,
  PRINCIPAL,
  planRequest,
  ROTATION_ID,
  SECRET_NAME,
} from './rotation-fixtures.ts';

const HUB = '123456789012';
const MEMBER = '111122223333';
const READER = 'arn:aws:iam::123456789012:role/app/billing-reader';

/** Nothing was written: no key, no secret version, no lock. */
function expectNothingChanged(world: InMemoryWorld): void {
  expect(world.log.mutations).toEqual([]);
  expect(world.lock.holders.size).toBe(0);
}

async function refusalOf(world: InMemoryWorld, input: unknown): Promise<unknown> {
  return planRotation(planRequest(input), world.ports).then(
    () => {
      throw new Error('the plan was accepted');
    },
    (error: unknown) => error,
  );
}

describe('planRotation by key id', () => {
  it("finds the key's owner and plans its rotation, the named key being the old one", async () => {
    const { world, oldKey } = managedScenario();
    const plan = await planRotation(planRequest({ accessKeyId: oldKey.keyId }), world.ports);
    expect(plan).toMatchObject({
      principal: PRINCIPAL,
      secretName: SECRET_NAME,
      oldKeyId: oldKey.keyId,
      exposedKeyId: oldKey.keyId,
      emergency: false,
      emergencyRevocation: 'NONE',
      exposureReportedAt: null,
    });
    expect(world.log.names()[0]).toBe('keys.findKeyOwner');
    expect(world.lock.holders.get(LOCK_ID)?.rotationId).toBe(ROTATION_ID);
  });

  it('takes a key id together with its own principal', async () => {
    const { world, oldKey } = managedScenario();
    const plan = await planRotation(
      planRequest({ principal: PRINCIPAL, accessKeyId: oldKey.keyId }),
      world.ports,
    );
    expect(plan.exposedKeyId).toBe(oldKey.keyId);
  });

  it('finds a member-account key in the account named, and rotates <account>/<user>', async () => {
    const world = createInMemoryPorts({
      settings: { accounts: { hubAccountId: HUB, scope: readAccountScope({ AKR_ACCOUNTS: MEMBER }) } },
    });
    world.iam.addUser(`${MEMBER}/alice`);
    world.iam.addUser('alice');
    const key = world.iam.addKey(`${MEMBER}/alice`);
    world.iam.addKey('alice');
    const plan = await planRotation(planRequest({ accessKeyId: key.keyId, account: MEMBER }), world.ports);
    expect(plan).toMatchObject({
      principal: `${MEMBER}/alice`,
      secretName: `access-key-rotator/aws/${MEMBER}/alice`,
      oldKeyId: key.keyId,
      exposedKeyId: key.keyId,
    });
    expect(world.log.calls[0]?.args).toEqual([key.keyId, MEMBER]);
    expect(world.lock.holders.get(`aws#${MEMBER}/alice`)?.rotationId).toBe(ROTATION_ID);
  });

  it('does not look for a member key in the hub: without account it is unknown', async () => {
    const world = createInMemoryPorts({
      settings: { accounts: { hubAccountId: HUB, scope: readAccountScope({ AKR_ACCOUNTS: MEMBER }) } },
    });
    world.iam.addUser(`${MEMBER}/alice`);
    const key = world.iam.addKey(`${MEMBER}/alice`);
    const error = await refusalOf(world, { accessKeyId: key.keyId });
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'accessKeyId' });
    expectNothingChanged(world);
  });
});

describe('planRotation by key id: refusals that change nothing', () => {
  it('refuses an unknown key id, naming accessKeyId, before the lock', async () => {
    const { world } = managedScenario();
    const error = await refusalOf(world, { accessKeyId: 'AKIANOSUCHKEY0000001', emergency: true });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'accessKeyId' });
    expect((error as Error).message).toMatch(
      /no aws access key AKIANOSUCHKEY0000001 was found.*Nothing was changed/,
    );
    expect(world.log.names()).toEqual(['keys.findKeyOwner']);
    expectNothingChanged(world);
  });

  it("refuses another principal's key with a principal named", async () => {
    const { world } = managedScenario();
    world.iam.addUser('bob');
    const bobs = world.iam.addKey('bob');
    const error = await refusalOf(world, { principal: PRINCIPAL, accessKeyId: bobs.keyId });
    expect(error).toMatchObject({ field: 'accessKeyId' });
    expect((error as Error).message).toContain(`is not a key of principal ${PRINCIPAL}`);
    expectNothingChanged(world);
    expect(world.iam.keyIds('bob')).toEqual([bobs.keyId]);
  });

  it('refuses an Inactive key that is not the one in use, saying what it is and what to do', async () => {
    const { world, oldKey } = managedScenario();
    const inactive = world.iam.addKey(PRINCIPAL, 'Inactive');
    const error = await refusalOf(world, { accessKeyId: inactive.keyId, emergency: true });
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'accessKeyId' });
    expect((error as Error).message).toContain(`key ${inactive.keyId} of ${PRINCIPAL} is Inactive`);
    expect((error as Error).message).toContain(`the key in use is ${oldKey.keyId}`);
    expect((error as Error).message).toContain('delete-access-key');
    expectNothingChanged(world);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, inactive.keyId]);
  });

  it('refuses the new key of a rotation in flight, naming that rotation', async () => {
    // Another rotation took the lock, created its new key a minute later and published it.
    const { world, oldKey } = managedScenario();
    world.clock.advance(60);
    const published = world.iam.addKey(PRINCIPAL);
    world.secrets.seed(SECRET_NAME, 'other-rotation-version-000000000000', {
      Version: 1,
      AccessKeyId: published.keyId,
      SecretAccessKey: published.secretAccessKey,
    });
    world.lock.seed(LOCK_ID, {
      rotationId: OTHER_ROTATION_ID,
      executionArn: 'arn:other',
      acquiredAt: START,
      expiresAt: '2030-02-01T00:00:00.000Z',
    });
    const error = await refusalOf(world, { accessKeyId: published.keyId, emergency: true });
    expect(error).toBeInstanceOf(RotationInFlightError);
    expect((error as Error).message).toContain(
      `key ${published.keyId} of ${PRINCIPAL} is the new key of rotation ${OTHER_ROTATION_ID}`,
    );
    expect(world.log.mutations).toEqual([]);
    expect(world.lock.holders.get(LOCK_ID)?.rotationId).toBe(OTHER_ROTATION_ID);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, published.keyId]);
  });

  it('refuses the old key of a rotation in flight before its Publish as any locked principal is refused', async () => {
    // AWSCURRENT still holds the old key, which is older than the lock.
    const { world, oldKey } = managedScenario();
    world.clock.advance(60);
    world.lock.seed(LOCK_ID, {
      rotationId: OTHER_ROTATION_ID,
      executionArn: 'arn:other',
      acquiredAt: world.clock.now().toISOString(),
      expiresAt: '2030-02-01T00:00:00.000Z',
    });
    const error = await refusalOf(world, { accessKeyId: oldKey.keyId });
    expect(error).toBeInstanceOf(RotationInFlightError);
    expect((error as Error).message).toContain(`rotation ${OTHER_ROTATION_ID} (arn:other) is in flight`);
    expect(world.log.mutations).toEqual([]);
  });
});

describe('planRotation in an emergency', () => {
  it('AWS: waits no grace, deactivates the old key, and dates the exposure at the start', async () => {
    const { world, oldKey } = managedScenario();
    const plan = await planRotation(planRequest({ accessKeyId: oldKey.keyId, emergency: true }), world.ports);
    expect(plan).toMatchObject({
      emergency: true,
      emergencyRevocation: 'DEACTIVATE',
      gracePeriodSeconds: 0,
      graceWaitSeconds: 0,
      exposureReportedAt: START,
      deletionDelaySeconds: world.ports.settings.defaultDeletionDelaySeconds,
    });
  });

  it('keeps the reported time it is given', async () => {
    const { world } = managedScenario();
    const reported = '2029-12-31T23:50:00Z';
    const plan = await planRotation(
      planRequest({ principal: PRINCIPAL, emergency: true, exposureReportedAt: reported }),
      world.ports,
    );
    expect(plan.exposureReportedAt).toBe(reported);
    expect(plan.exposedKeyId).toBeNull();
  });

  it('Yandex: deletes the old key, which has no status to revoke it by', async () => {
    const world = createInMemoryPorts({ settings: { provider: 'yandex' } });
    world.iam.addUser('ajeserviceaccount1');
    const key = world.iam.addKey('ajeserviceaccount1');
    const plan = await planRotation(planRequest({ accessKeyId: key.keyId, emergency: true }), world.ports);
    expect(plan).toMatchObject({
      principal: 'ajeserviceaccount1',
      emergencyRevocation: 'DELETE',
      graceWaitSeconds: 0,
      principalPath: null,
      readerArns: [],
    });
  });

  it('revokes nothing when there is no old key', async () => {
    const { world } = keylessScenario();
    const plan = await planRotation(planRequest({ principal: PRINCIPAL, emergency: true }), world.ports);
    expect(plan).toMatchObject({ emergency: true, emergencyRevocation: 'NONE', oldKeyId: null });
  });
});

describe('planRotation reads the readers tag and the path', () => {
  it("carries the user's path and its readers", async () => {
    const world = createInMemoryPorts();
    world.iam.addUser(PRINCIPAL, { path: '/apps/', tags: { [READERS_TAG]: `${READER}  ${READER}` } });
    world.iam.addKey(PRINCIPAL);
    const plan = await planRotation(planRequest(), world.ports);
    expect(plan).toMatchObject({ principalPath: '/apps/', readerArns: [READER] });
  });

  it('refuses a malformed readers tag, naming the tag, before the lock', async () => {
    const world = createInMemoryPorts();
    world.iam.addUser(PRINCIPAL, { tags: { [READERS_TAG]: `${READER},arn:aws:iam::123456789012:user/bob` } });
    world.iam.addKey(PRINCIPAL);
    const error = await refusalOf(world, { principal: PRINCIPAL });
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: READERS_TAG });
    expectNothingChanged(world);
  });
});
