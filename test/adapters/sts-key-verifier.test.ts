import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { stsKeyVerifier } from '../../lambdas/adapters/aws/sts-key-verifier.ts';
import type { StoredCredential } from '../../lambdas/rotation/ports.ts';
import { sdkError } from './sdk-errors.ts';

const stsMock = mockClient(STSClient);
const verifier = stsKeyVerifier('us-east-1');
const newKey: StoredCredential = {
  Version: 1,
  AccessKeyId: 'AKIANEW0000000000001',
  SecretAccessKey: 'new-secret-value',
};

describe('STS key verifier', () => {
  beforeEach(() => stsMock.reset());

  it('signs GetCallerIdentity with the new key, not with the Lambda role', async () => {
    // Prepare
    let signingKeyId: string | undefined;
    stsMock.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      const credentials = await getClient().config.credentials();
      signingKeyId = credentials.accessKeyId;
      return { Arn: 'arn:aws:iam::123456789012:user/service/alice', Account: '123456789012' };
    });

    // Act
    await verifier.verify('alice', newKey);

    // Assess
    expect(signingKeyId).toBe('AKIANEW0000000000001');
  });

  it.each(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'AuthFailure', 'UnrecognizedClientException'])(
    'reports %s as KeyNotYetValidError, without the secret',
    async (name) => {
      // Prepare
      stsMock
        .on(GetCallerIdentityCommand)
        .rejects(sdkError(name, 'The security token is invalid', { httpStatusCode: 403 }));

      // Act
      const error = await verifier.verify('alice', newKey).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );

      // Assess
      expect(error).toMatchObject({ name: 'KeyNotYetValidError' });
      expect(error?.message).toContain('AKIANEW0000000000001');
      expect(error?.message).not.toContain('new-secret-value');
    },
  );

  it('refuses a key that signs as another identity', async () => {
    // Prepare
    stsMock.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/malice' });

    // Act
    const result = verifier.verify('alice', newKey);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'UnsafeKeyOperationError' });
  });

  it('wraps an STS outage into TransientError', async () => {
    // Prepare
    stsMock
      .on(GetCallerIdentityCommand)
      .rejects(sdkError('InternalFailure', 'oops', { httpStatusCode: 500 }));

    // Act
    const result = verifier.verify('alice', newKey);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('lets AccessDenied through unchanged: a deny is not propagation delay', async () => {
    // Prepare
    const denied = sdkError('AccessDenied', 'explicit deny', { httpStatusCode: 403 });
    stsMock.on(GetCallerIdentityCommand).rejects(denied);

    // Act
    const result = verifier.verify('alice', newKey);

    // Assess
    await expect(result).rejects.toBe(denied);
  });

  it.each([
    ['the member account', 'arn:aws:iam::111122223333:user/alice', true],
    ['the member account, under a path', 'arn:aws:iam::111122223333:user/team/alice', true],
    ["the hub's same-named user", 'arn:aws:iam::999988887777:user/alice', false],
    ['an assumed role session named after the user', 'arn:aws:sts::111122223333:assumed-role/x/alice', false],
    ['another user of the member account', 'arn:aws:iam::111122223333:user/malice', false],
  ])(
    "accepts a member principal's key only when it signs as its user in %s",
    async (_case, arn, accepted) => {
      // Prepare
      stsMock.on(GetCallerIdentityCommand).resolves({ Arn: arn, Account: arn.split(':')[4] });

      // Act
      const result = stsKeyVerifier('us-east-1', '999988887777').verify('111122223333/alice', newKey);

      // Assess
      if (accepted) await expect(result).resolves.toBeUndefined();
      else
        await expect(result).rejects.toMatchObject({
          name: 'UnsafeKeyOperationError',
          message: `access key AKIANEW0000000000001 signs as ${arn}, not as 111122223333/alice`,
        });
    },
  );
});
