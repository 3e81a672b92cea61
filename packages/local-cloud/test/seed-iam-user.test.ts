import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedIamUser } from '../src/index.ts';
import { clientConfig, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const SECRET = 'access-key-rotator/aws/alice';
const DAY_MS = 24 * 3600 * 1000;

describe('seedIamUser', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
  });
  afterEach(() => t.close());

  it('creates backdated keys and a managed secret whose AWSCURRENT holds a working credential', async () => {
    const { keyIds } = seedIamUser(t.cloud, {
      userName: 'alice',
      tags: { rotate: 'true' },
      keys: [{ ageDays: 95 }, { ageDays: 3, status: 'Inactive' }],
      managedSecret: { name: SECRET, keyIndex: 0 },
    });

    const keys = t.cloud.iam.listAccessKeys('alice');
    const ageDays = (iso: string) => Math.round((Date.now() - Date.parse(iso)) / DAY_MS);
    expect(keys.map((key) => [key.accessKeyId, ageDays(key.createDate), key.status])).toEqual([
      [keyIds[0], 95, 'Active'],
      [keyIds[1], 3, 'Inactive'],
    ]);

    const value = await t.secrets.send(new GetSecretValueCommand({ SecretId: SECRET }));
    const credential = JSON.parse(value.SecretString ?? '{}');
    expect(credential).toEqual({
      Version: 1,
      AccessKeyId: keyIds[0],
      SecretAccessKey: keys[0]?.secretAccessKey,
    });
    const described = await t.secrets.send(new DescribeSecretCommand({ SecretId: SECRET }));
    expect(described.Tags).toEqual([
      { Key: 'provider', Value: 'aws' },
      { Key: 'principal', Value: 'alice' },
    ]);

    const sts = new STSClient(
      clientConfig(t.cloud, {
        accessKeyId: credential.AccessKeyId,
        secretAccessKey: credential.SecretAccessKey,
      }),
    );
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(identity.Arn).toBe('arn:aws:iam::000000000000:user/alice');
  });

  it('replaces an existing user, its keys and its secret', () => {
    const first = seedIamUser(t.cloud, {
      userName: 'alice',
      keys: [{ ageDays: 1 }, { ageDays: 2 }],
      managedSecret: { name: SECRET, keyIndex: 1 },
    });

    const second = seedIamUser(t.cloud, {
      userName: 'alice',
      keys: [{ ageDays: 10 }],
      managedSecret: { name: SECRET, keyIndex: 0 },
    });

    expect(t.cloud.iam.listAccessKeys('alice').map((key) => key.accessKeyId)).toEqual(second.keyIds);
    for (const old of first.keyIds) expect(t.cloud.iam.findAccessKey(old)).toBeUndefined();
    const current = JSON.parse(t.cloud.secrets.getSecretValue(SECRET).secretString ?? '{}');
    expect(current.AccessKeyId).toBe(second.keyIds[0]);
    expect(Object.keys(t.cloud.secrets.describeSecret(SECRET).versionIdsToStages)).toHaveLength(1);
  });

  it('refuses more keys than IAM allows', () => {
    expect(() =>
      seedIamUser(t.cloud, { userName: 'alice', keys: [{ ageDays: 1 }, { ageDays: 1 }, { ageDays: 1 }] }),
    ).toThrow(/at most 2 keys/);
  });
});
