/**
 * CreateKey puts the secret's resource policy right after the secret exists
 * and before the new value is written, on every rotation, and the same one
 * again on a retry.
 */
import { describe, expect, it } from 'vitest';
import { createKey } from '../../lambdas/rotation/create-key.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { secretAccessPolicy } from '../../lambdas/rotation/secret-access-policy.ts';
import {
  managedScenario,
  PRINCIPAL,
  runUntil,
  SECRET_NAME,
  SECRET_VERSION_ID,
  unmanagedScenario,
} from './rotation-fixtures.ts';

const READER = 'arn:aws:iam::123456789012:role/app/billing-reader';
const CONFIGURED = 'arn:aws:iam::444455556666:role/audit';

/** The plan as Plan makes it once it reads the user's path and readers tag. */
function withReaders(state: RotationState, readerArns: readonly string[] = [READER]): RotationState {
  return {
    ...state,
    plan: { ...state.plan, principalPath: '/service/', readerArns } as RotationState['plan'],
  };
}

describe('createKey and the secret resource policy', () => {
  it('creates the secret, puts its policy, then creates and stores the key', async () => {
    // Prepare
    const { world } = unmanagedScenario({ secretReaders: [CONFIGURED] });
    const state = withReaders(await runUntil(world, 'plan'));
    world.log.clear();

    // Act
    await createKey(state, world.ports);

    // Assess
    expect(world.log.names({ mutatingOnly: true })).toEqual([
      'secrets.create',
      'secrets.putAccessPolicy',
      'keys.createKey',
      'secrets.putPending',
    ]);
    const user = 'arn:aws:iam::123456789012:user/service/alice';
    expect(world.secrets.policyOf(SECRET_NAME)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadersMayRead',
          Effect: 'Allow',
          Principal: { AWS: [user, READER, CONFIGURED] },
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: '*',
        },
        {
          Sid: 'NobodyElseReads',
          Effect: 'Deny',
          Principal: '*',
          Action: ['secretsmanager:GetSecretValue'],
          Resource: '*',
          Condition: {
            ArnNotLike: {
              'aws:PrincipalArn': [
                user,
                READER,
                CONFIGURED,
                'arn:aws:iam::123456789012:role/access-key-rotator/*',
              ],
            },
          },
        },
        {
          Sid: 'OnlyTheRotatorWrites',
          Effect: 'Deny',
          Principal: '*',
          Action: [
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecret',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          Resource: '*',
          Condition: {
            ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/access-key-rotator/*'] },
          },
        },
      ],
    });
  });

  it('puts the policy on a secret that already exists, so a changed readers tag takes effect', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = withReaders(await runUntil(world, 'plan'), []);
    world.log.clear();

    // Act
    await createKey(state, world.ports);

    // Assess
    expect(world.log.names({ mutatingOnly: true })).toEqual([
      'secrets.putAccessPolicy',
      'keys.createKey',
      'secrets.putPending',
    ]);
    expect(world.secrets.policyOf(SECRET_NAME)?.Statement[0]?.Principal).toEqual({
      AWS: ['arn:aws:iam::123456789012:user/service/alice'],
    });
  });

  it('creates no key when the policy cannot be put, and a retry puts the same policy and goes on', async () => {
    // Prepare
    const { world, oldKey } = managedScenario();
    const state = withReaders(await runUntil(world, 'plan'));
    world.log.failNext('secrets.putAccessPolicy', 'after');

    // Act
    await expect(createKey(state, world.ports)).rejects.toThrow('secrets.putAccessPolicy failed');
    const keysAfterCrash = world.iam.keyIds(PRINCIPAL);
    const created = await createKey(state, world.ports);

    // Assess
    expect(keysAfterCrash).toEqual([oldKey.keyId]);
    expect(world.iam.keyIds(PRINCIPAL)).toEqual([oldKey.keyId, created.newKeyId]);
    const policies = world.log.calls.filter((call) => call.call === 'secrets.putAccessPolicy');
    const expected = secretAccessPolicy(
      { ...state.plan, principalPath: '/service/', readerArns: [READER] },
      world.ports.settings,
    );
    expect(policies.map((call) => call.args[1])).toEqual([expected, expected]);
    const stored = await world.secrets.readCredential(SECRET_NAME, { versionId: SECRET_VERSION_ID });
    expect(stored?.AccessKeyId).toBe(created.newKeyId);
  });

  it('puts nothing new when run again after the value was stored', async () => {
    const { world } = managedScenario();
    const state = withReaders(await runUntil(world, 'plan'));
    await createKey(state, world.ports);
    world.log.clear();
    await createKey(state, world.ports);
    expect(world.log.mutations).toEqual([]);
  });

  it('leaves the policy alone for a plan made before secrets had one (a rotation in flight across the upgrade)', async () => {
    // Prepare: a plan without the fields Plan now writes.
    const { world } = managedScenario();
    const planned = await runUntil(world, 'plan');
    const {
      principalPath: _path,
      readerArns: _readers,
      ...older
    } = planned.plan as RotationState['plan'] & {
      principalPath?: unknown;
      readerArns?: unknown;
    };
    world.log.clear();

    // Act
    await createKey({ plan: older as RotationState['plan'] }, world.ports);

    // Assess
    expect(world.log.names({ mutatingOnly: true })).toEqual(['keys.createKey', 'secrets.putPending']);
    expect(world.secrets.policyOf(SECRET_NAME)).toBeUndefined();
  });
});
