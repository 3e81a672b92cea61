import { describe, expect, it } from 'vitest';
import { planRotation } from '../../lambdas/rotation/plan-rotation.ts';
import {
  PrincipalNotFoundError,
  PrincipalNotInScopeError,
  RotationInFlightError,
} from '../../lambdas/rotation/rotation-errors.ts';
import { secretVersionIdFor } from '../../lambdas/rotation/secret-version-id.ts';
import { START } from '../support/in-memory-ports.ts';
import {
  keylessScenario,
  LOCK_ID,
  managedScenario,
  OTHER_ROTATION_ID,
  OTHER_SECRET_VERSION_ID,
  PRINCIPAL,
  planRequest,
  ROTATION_ID,
  SECRET_NAME,
  SECRET_VERSION_ID,
} from './rotation-fixtures.ts';

describe('planRotation: refusals that change nothing', () => {
  it('refuses while another live rotation holds the lock, naming it', async () => {
    const { world } = managedScenario();
    world.lock.seed(LOCK_ID, {
      rotationId: OTHER_ROTATION_ID,
      executionArn: 'arn:other',
      acquiredAt: START,
      expiresAt: '2030-02-01T00:00:00.000Z',
    });
    const outcome = planRotation(planRequest(), world.ports);
    await expect(outcome).rejects.toThrow(RotationInFlightError);
    await expect(outcome).rejects.toThrow(OTHER_ROTATION_ID);
    expect(world.log.names()).toEqual(['lock.holder']);
    expect(world.lock.holders.get(LOCK_ID)?.rotationId).toBe(OTHER_ROTATION_ID);
  });

  it('takes over a lock whose holder expired', async () => {
    const { world } = managedScenario();
    world.lock.seed(LOCK_ID, {
      rotationId: OTHER_ROTATION_ID,
      executionArn: 'arn:other',
      acquiredAt: '2029-01-01T00:00:00.000Z',
      expiresAt: '2029-12-31T23:59:59.000Z',
    });
    await planRotation(planRequest(), world.ports);
    expect(world.lock.holders.get(LOCK_ID)?.rotationId).toBe(ROTATION_ID);
  });

  it('refuses when the secret holds an AWSPENDING version of another rotation, naming that version', async () => {
    const { world, oldKey } = managedScenario();
    const foreign = world.iam.addKey(PRINCIPAL);
    world.secrets.seed(
      SECRET_NAME,
      OTHER_SECRET_VERSION_ID,
      { Version: 1, AccessKeyId: foreign.keyId, SecretAccessKey: foreign.secretAccessKey },
      ['AWSPENDING'],
    );
    const outcome = planRotation(planRequest(), world.ports);
    await expect(outcome).rejects.toThrow(RotationInFlightError);
    await expect(outcome).rejects.toThrow(
      `AWSPENDING version ${OTHER_SECRET_VERSION_ID} of another rotation`,
    );
    expect(world.log.mutations).toEqual([]);
    expect(world.lock.holders.size).toBe(0);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, foreign.keyId]);
  });

  it('refuses an AWSPENDING version named after its own rotation id: only the plan version is its own', async () => {
    // A version id equal to the rotation id is what the old contract would have stored; it is foreign now.
    const { world } = managedScenario();
    const foreign = world.iam.addKey(PRINCIPAL);
    world.secrets.seed(
      SECRET_NAME,
      ROTATION_ID,
      { Version: 1, AccessKeyId: foreign.keyId, SecretAccessKey: foreign.secretAccessKey },
      ['AWSPENDING'],
    );
    const outcome = planRotation(planRequest(), world.ports);
    await expect(outcome).rejects.toThrow(RotationInFlightError);
    expect(world.log.mutations).toEqual([]);
  });

  it("does not refuse an AWSPENDING version carrying the plan's own version id", async () => {
    // Prepare: the pending version is this execution's (only the label and id matter to Plan).
    const { world, oldKey } = managedScenario();
    const request = planRequest();
    const ownVersion = secretVersionIdFor(request.executionArn, request.startedAt);
    expect(ownVersion).toBe(SECRET_VERSION_ID);
    world.secrets.seed(
      SECRET_NAME,
      ownVersion,
      { Version: 1, AccessKeyId: 'AKIAPENDING000000001', SecretAccessKey: 'pending-secret' },
      ['AWSPENDING'],
    );
    // Act
    const plan = await planRotation(request, world.ports);
    // Assess
    expect(plan).toMatchObject({ secretVersionId: ownVersion, oldKeyId: oldKey.keyId });
    expect(world.lock.holders.get(LOCK_ID)?.rotationId).toBe(ROTATION_ID);
  });

  it('refuses when another rotation wins the lock between the check and the acquire', async () => {
    const { world } = managedScenario();
    const { lock } = world;
    const holder = lock.holder.bind(lock);
    lock.holder = async (id) => {
      const seen = await holder(id);
      lock.seed(id, {
        rotationId: OTHER_ROTATION_ID,
        executionArn: 'arn:other',
        acquiredAt: START,
        expiresAt: '2031-01-01T00:00:00.000Z',
      });
      return seen;
    };
    await expect(planRotation(planRequest(), world.ports)).rejects.toThrow(RotationInFlightError);
    expect(lock.holders.get(LOCK_ID)?.rotationId).toBe(OTHER_ROTATION_ID);
  });

  it('refuses a user outside the configured path', async () => {
    const { world } = managedScenario({ userPath: '/rotated/' });
    const outcome = planRotation(planRequest(), world.ports);
    await expect(outcome).rejects.toThrow(PrincipalNotInScopeError);
    await expect(outcome).rejects.toThrow('/rotated/');
    expect(world.log.mutations).toEqual([]);
  });

  it('accepts a user below the configured path', async () => {
    const { world } = keylessScenario({ userPath: '/rotated/' });
    world.iam.addUser('bob', { path: '/rotated/team-a/' });
    const plan = await planRotation(planRequest({ principal: 'bob' }), world.ports);
    expect(plan.principal).toBe('bob');
  });

  it.each([
    ['the tag is missing', {}, { key: 'rotate', value: undefined }],
    ['the tag has another value', { rotate: 'no' }, { key: 'rotate', value: 'yes' }],
  ])('refuses a user when %s', async (_case, tags, optInTag) => {
    const { world } = keylessScenario({ optInTag });
    world.iam.addUser('bob', { tags });
    const outcome = planRotation(planRequest({ principal: 'bob' }), world.ports);
    await expect(outcome).rejects.toThrow(PrincipalNotInScopeError);
    await expect(outcome).rejects.toThrow('opt-in tag rotate');
    expect(world.log.mutations).toEqual([]);
  });

  it('accepts a user carrying the opt-in tag with any value when no value is configured', async () => {
    const { world } = keylessScenario({ optInTag: { key: 'rotate', value: undefined } });
    world.iam.addUser('bob', { tags: { rotate: 'whatever' } });
    await expect(planRotation(planRequest({ principal: 'bob' }), world.ports)).resolves.toBeDefined();
  });

  it('passes PrincipalNotFoundError through for an unknown user', async () => {
    const { world } = keylessScenario();
    await expect(planRotation(planRequest({ principal: 'nobody' }), world.ports)).rejects.toThrow(
      PrincipalNotFoundError,
    );
    expect(world.log.mutations).toEqual([]);
  });
});
