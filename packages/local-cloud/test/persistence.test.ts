import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { readPersistedCloudState, seedIamUser, startLocalCloud } from '../src/index.ts';
import { rejectionOf, startTestCloud, type TestCloud, tempStateDir } from './local-cloud-fixture.ts';

describe('local cloud persistence', () => {
  const open: TestCloud[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function pair(): Promise<[TestCloud, TestCloud]> {
    const stateDir = tempStateDir();
    dirs.push(stateDir);
    const first = await startTestCloud({ stateDir });
    const second = await startTestCloud({ stateDir });
    open.push(first, second);
    return [first, second];
  }

  it('shows a change served by one instance to another instance on the same state dir', async () => {
    const [first, second] = await pair();
    const { keyIds } = seedIamUser(first.cloud, {
      userName: 'alice',
      keys: [{ ageDays: 90 }],
      managedSecret: { name: 'access-key-rotator/aws/alice', keyIndex: 0 },
    });

    const created = await second.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const listedByFirst = await first.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    const secret = await second.secrets.send(
      new GetSecretValueCommand({ SecretId: 'access-key-rotator/aws/alice' }),
    );

    expect(listedByFirst.AccessKeyMetadata?.map((key) => key.AccessKeyId)).toContain(
      created.AccessKey?.AccessKeyId,
    );
    expect(listedByFirst.AccessKeyMetadata).toHaveLength(2);
    expect(JSON.parse(secret.SecretString ?? '{}').AccessKeyId).toBe(keyIds[0]);
  });

  it('keeps a conditional write atomic across two instances sharing the state dir', async () => {
    const [first, second] = await pair();
    first.cloud.dynamodb.createTable({
      tableName: 'locks',
      keySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      attributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
    });
    const acquire = (client: TestCloud['dynamodb'], rotationId: string) =>
      client.send(
        new PutItemCommand({
          TableName: 'locks',
          Item: { lockId: { S: 'aws#alice' }, rotationId: { S: rotationId } },
          ConditionExpression: 'attribute_not_exists(lockId)',
        }),
      );

    await acquire(first.dynamodb, 'rotation-a');
    const refused = await rejectionOf(acquire(second.dynamodb, 'rotation-b'));

    expect(refused.name).toBe('ConditionalCheckFailedException');
    expect(second.cloud.dynamodb.getItem('locks', { lockId: { S: 'aws#alice' } })?.rotationId).toEqual({
      S: 'rotation-a',
    });
  });

  it('restores state after a restart from cloud.db', async () => {
    const stateDir = tempStateDir();
    dirs.push(stateDir);
    const before = await startLocalCloud({ stateDir });
    const { keyIds } = seedIamUser(before, { userName: 'bob', keys: [{ ageDays: 1 }] });
    await before.close();

    const after = await startLocalCloud({ stateDir });
    try {
      expect(after.iam.listAccessKeys('bob').map((key) => key.accessKeyId)).toEqual(keyIds);
      const onDisk = readPersistedCloudState(stateDir);
      expect(Object.keys(onDisk.iam.accessKeys)).toEqual(keyIds);
    } finally {
      await after.close();
    }
  });

  it('writes nothing when persist is false', async () => {
    const parent = tempStateDir();
    dirs.push(parent);
    const stateDir = join(parent, 'never-created');
    const cloud = await startLocalCloud({ stateDir, persist: false });
    try {
      seedIamUser(cloud, { userName: 'carol', keys: [{ ageDays: 1 }] });
      expect(cloud.iam.listAccessKeys('carol')).toHaveLength(1);
      expect(existsSync(stateDir)).toBe(false);
    } finally {
      await cloud.close();
    }
  });
});
