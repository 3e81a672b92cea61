import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig, rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('local cloud fault injection and request log', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    t.cloud.iam.createUser({ userName: 'alice' });
  });
  afterEach(() => t.close());

  it('fails the next matching call with the injected AWS error, then serves normally', async () => {
    t.cloud.injectFault({
      service: 'iam',
      action: 'ListAccessKeys',
      error: { code: 'ServiceFailure', message: 'injected', status: 500 },
    });

    const failed = await rejectionOf(t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' })));
    const next = await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    expect(failed).toMatchObject({ name: 'ServiceFailureException', status: 500, message: 'injected' });
    expect(next.AccessKeyMetadata).toEqual([]);
  });

  it('only trips on its own service and action, `times` times, and can be cleared', async () => {
    t.cloud.injectFault({
      service: 'secretsmanager',
      action: 'DescribeSecret',
      times: 2,
      error: { code: 'InternalServiceError', message: 'down', status: 500 },
    });
    await t.secrets.send(new CreateSecretCommand({ Name: 's', SecretString: 'x' }));

    const first = await rejectionOf(t.secrets.send(new DescribeSecretCommand({ SecretId: 's' })));
    const second = await rejectionOf(t.secrets.send(new DescribeSecretCommand({ SecretId: 's' })));
    const third = await t.secrets.send(new DescribeSecretCommand({ SecretId: 's' }));
    t.cloud.injectFault({
      service: 'sts',
      action: 'GetCallerIdentity',
      error: { code: 'Throttling', message: 'x', status: 400 },
    });
    t.cloud.clearFaults();
    const identity = await t.sts.send(new GetCallerIdentityCommand({}));

    expect([first.name, second.name]).toEqual(['InternalServiceError', 'InternalServiceError']);
    expect(third.Name).toBe('s');
    expect(identity.Account).toBe('000000000000');
  });

  it('is absorbed by the SDK retry policy for a retryable error, as in AWS', async () => {
    const retrying = new IAMClient({ ...clientConfig(t.cloud), maxAttempts: 3 });
    t.cloud.injectFault({
      service: 'iam',
      action: 'ListAccessKeys',
      error: { code: 'Throttling', message: 'slow down', status: 400 },
    });

    const listed = await retrying.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    retrying.destroy();

    expect(listed.AccessKeyMetadata).toEqual([]);
    expect(t.cloud.requests.filter((r) => r.action === 'ListAccessKeys').map((r) => r.status)).toEqual([
      400, 200,
    ]);
  });

  it('records every call with its service, action, mutating flag, signing key and status', async () => {
    const key = t.cloud.iam.createAccessKey('alice');
    const asAlice = new IAMClient(clientConfig(t.cloud, key));

    await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    await rejectionOf(
      asAlice.send(
        new UpdateAccessKeyCommand({
          UserName: 'alice',
          AccessKeyId: 'AKIANOSUCHKEY0000000',
          Status: 'Inactive',
        }),
      ),
    );
    asAlice.destroy();

    expect(t.cloud.requests.map(({ at: _at, ...rest }) => rest)).toEqual([
      {
        service: 'iam',
        action: 'ListAccessKeys',
        mutating: false,
        accessKeyId: 'test',
        account: t.cloud.accountId,
        status: 200,
      },
      {
        service: 'iam',
        action: 'UpdateAccessKey',
        mutating: true,
        accessKeyId: key.accessKeyId,
        account: t.cloud.accountId,
        status: 404,
      },
    ]);
    expect(Date.parse(t.cloud.requests[0]?.at ?? '')).not.toBeNaN();
  });
});
