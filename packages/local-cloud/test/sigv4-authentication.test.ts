import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IamAccessKey } from '../src/index.ts';
import { clientConfig, rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('SigV4 authentication of keys issued by local IAM', () => {
  let t: TestCloud;
  let key: IamAccessKey;
  const clients: { destroy(): void }[] = [];

  function stsAs(accessKeyId: string, secretAccessKey: string): STSClient {
    const client = new STSClient(clientConfig(t.cloud, { accessKeyId, secretAccessKey }));
    clients.push(client);
    return client;
  }

  beforeEach(async () => {
    t = await startTestCloud();
    t.cloud.iam.createUser({ userName: 'alice', path: '/service/' });
    key = t.cloud.iam.createAccessKey('alice');
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await t.close();
  });

  it('accepts a new key signed with its secret and says who signed', async () => {
    const identity = await stsAs(key.accessKeyId, key.secretAccessKey).send(new GetCallerIdentityCommand({}));

    expect(identity.Arn).toBe('arn:aws:iam::000000000000:user/service/alice');
    expect(identity.Account).toBe('000000000000');
    expect(identity.UserId).toBe(t.cloud.iam.getUser('alice').userId);
  });

  it('rejects a wrong secret with SignatureDoesNotMatch (403)', async () => {
    const wrongSecret = `${key.secretAccessKey.slice(0, -1)}${key.secretAccessKey.endsWith('A') ? 'B' : 'A'}`;

    const failure = await rejectionOf(
      stsAs(key.accessKeyId, wrongSecret).send(new GetCallerIdentityCommand({})),
    );

    expect(failure).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('rejects Inactive, deleted and unknown keys with InvalidClientTokenId (403)', async () => {
    const second = t.cloud.iam.createAccessKey('alice');
    t.cloud.iam.updateAccessKey('alice', key.accessKeyId, 'Inactive');
    t.cloud.iam.deleteAccessKey('alice', second.accessKeyId);

    const inactive = await rejectionOf(
      stsAs(key.accessKeyId, key.secretAccessKey).send(new GetCallerIdentityCommand({})),
    );
    const deleted = await rejectionOf(
      stsAs(second.accessKeyId, second.secretAccessKey).send(new GetCallerIdentityCommand({})),
    );
    const unknown = await rejectionOf(
      stsAs('AKIAUNKNOWNUNKNOWN00', key.secretAccessKey).send(new GetCallerIdentityCommand({})),
    );

    for (const failure of [inactive, deleted, unknown])
      expect(failure).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
  });

  it('names the same failures the JSON-protocol way on Secrets Manager', async () => {
    const unknown = new SecretsManagerClient(
      clientConfig(t.cloud, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }),
    );
    const wrong = new SecretsManagerClient(
      clientConfig(t.cloud, { accessKeyId: key.accessKeyId, secretAccessKey: 'x' }),
    );
    clients.push(unknown, wrong);

    const unknownFailure = await rejectionOf(unknown.send(new GetSecretValueCommand({ SecretId: 's' })));
    const wrongFailure = await rejectionOf(wrong.send(new GetSecretValueCommand({ SecretId: 's' })));

    expect(unknownFailure.name).toBe('UnrecognizedClientException');
    expect(wrongFailure.name).toBe('InvalidSignatureException');
  });

  it('verifies JSON-protocol signatures too: a good key reads a secret and is recorded as used there', async () => {
    t.cloud.secrets.createSecret({ name: 'app/config', secretString: 'hello' });
    const client = new SecretsManagerClient(clientConfig(t.cloud, key));
    clients.push(client);

    const value = await client.send(new GetSecretValueCommand({ SecretId: 'app/config' }));

    expect(value.SecretString).toBe('hello');
    expect(t.cloud.iam.findAccessKey(key.accessKeyId)?.lastUsed).toMatchObject({
      serviceName: 'secretsmanager',
      region: 'us-east-1',
    });
  });

  it('records service and region of the last successful use, which GetAccessKeyLastUsed reports', async () => {
    const before = Date.now();
    const client = new STSClient(
      clientConfig(t.cloud, { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }),
    );
    clients.push(client);
    await client.send(new GetCallerIdentityCommand({}));

    const lastUsed = await t.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }));

    expect(lastUsed.AccessKeyLastUsed?.ServiceName).toBe('sts');
    expect(lastUsed.AccessKeyLastUsed?.Region).toBe('us-east-1');
    expect(lastUsed.AccessKeyLastUsed?.LastUsedDate?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('does not count a failed signature as use', async () => {
    await rejectionOf(stsAs(key.accessKeyId, 'not-the-secret').send(new GetCallerIdentityCommand({})));

    expect(t.cloud.iam.findAccessKey(key.accessKeyId)?.lastUsed).toBeUndefined();
  });

  it('lets an IAM user omit UserName to act on itself', async () => {
    const iam = new IAMClient(clientConfig(t.cloud, key));
    clients.push(iam);

    const listed = await iam.send(new ListAccessKeysCommand({}));

    expect(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([key.accessKeyId]);
    expect(t.cloud.iam.findAccessKey(key.accessKeyId)?.lastUsed?.serviceName).toBe('iam');
  });

  it('serves clients configured only through AWS_ENDPOINT_URL', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = t.cloud.endpoint;
    try {
      const client = new STSClient({ region: 'us-east-1', credentials: key, maxAttempts: 1 });
      clients.push(client);
      const identity = await client.send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toContain(':user/service/alice');
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
