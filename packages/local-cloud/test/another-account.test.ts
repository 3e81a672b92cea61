/**
 * The local cloud served as an account that is not 000000000000: every ARN it
 * answers and every STS identity names that account, and the state keeps it,
 * so a later start over the same state cannot mix two accounts' ARNs.
 */
import { rmSync } from 'node:fs';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  GetUserCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalCloud } from '../src/index.ts';
import { clientConfig, startTestCloud, type TestCloud, tempStateDir } from './local-cloud-fixture.ts';

const ACCOUNT = '123456789012';

describe('the local cloud as another account', () => {
  let t: TestCloud | undefined;
  const stateDirs: string[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const dir of stateDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('names the account in STS, IAM, Secrets Manager, SNS, DynamoDB and S3 answers', async () => {
    // Prepare
    t = await startTestCloud({ accountId: ACCOUNT });

    // Act
    const admin = await t.sts.send(new GetCallerIdentityCommand({}));
    const created = await t.iam.send(new CreateUserCommand({ UserName: 'kim' }));
    const group = await t.iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    const key = await t.iam.send(new CreateAccessKeyCommand({ UserName: 'kim' }));
    const signedByKim = new STSClient(
      clientConfig(t.cloud, {
        accessKeyId: String(key.AccessKey?.AccessKeyId),
        secretAccessKey: String(key.AccessKey?.SecretAccessKey),
      }),
    );
    const kim = await signedByKim.send(new GetCallerIdentityCommand({}));
    signedByKim.destroy();
    const user = await t.iam.send(new GetUserCommand({ UserName: 'kim' }));
    const secret = await t.secrets.send(new CreateSecretCommand({ Name: 'access-key-rotator/aws/kim' }));
    const topic = await t.sns.send(new CreateTopicCommand({ Name: 'rotation-events' }));
    const table = await t.dynamodb.send(
      new CreateTableCommand({
        TableName: 'locks',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );

    const s3 = new S3Client({ ...clientConfig(t.cloud), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence-archive' }));
    const buckets = await s3.send(new ListBucketsCommand({}));
    s3.destroy();

    // Assess
    expect(t.cloud.accountId).toBe(ACCOUNT);
    expect(buckets.Owner?.ID).toBe(ACCOUNT);
    expect(admin).toMatchObject({
      Account: ACCOUNT,
      Arn: expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/`)),
    });
    expect(kim).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/kim` });
    expect(created.User?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/kim`);
    expect(user.User?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:user/kim`);
    expect(group.Group?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:group/ops`);
    expect(secret.ARN).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:access-key-rotator/aws/kim-\\w{6}$`),
    );
    expect(topic.TopicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:rotation-events`);
    expect(table.TableDescription?.TableArn).toBe(`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/locks`);
  });

  it('keeps the account with the state: a later start serves it as that account and refuses another', async () => {
    // Prepare
    const stateDir = tempStateDir();
    stateDirs.push(stateDir);
    const first = await startLocalCloud({ stateDir, accountId: ACCOUNT });
    first.sns.createTopic({ name: 'rotation-events' });
    await first.close();

    // Act
    const again = await startLocalCloud({ stateDir });
    const againAccount = again.accountId;
    await again.close();
    const other = startLocalCloud({ stateDir, accountId: '000000000000' });

    // Assess
    expect(againAccount).toBe(ACCOUNT);
    await expect(other).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining(`belongs to account ${ACCOUNT}`),
    });
  });

  it('refuses another account for a default-account state that holds ARNs, and takes any for a fresh one', async () => {
    // Prepare: a state used as the default account, with a topic ARN in it
    const used = tempStateDir();
    const fresh = tempStateDir();
    stateDirs.push(used, fresh);
    const defaultCloud = await startLocalCloud({ stateDir: used });
    defaultCloud.sns.createTopic({ name: 'rotation-events' });
    await defaultCloud.close();

    // Act
    const refused = startLocalCloud({ stateDir: used, accountId: ACCOUNT });
    const taken = await startLocalCloud({ stateDir: fresh, accountId: '210987654321' });
    const takenAccount = taken.accountId;
    await taken.close();

    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining('belongs to account 000000000000'),
    });
    expect(takenAccount).toBe('210987654321');
  });

  it('refuses an account id that is not 12 digits, naming the field', async () => {
    await expect(startLocalCloud({ persist: false, accountId: '12345' })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringMatching(/^accountId: must be an AWS account id of 12 digits/),
    });
  });
});
