import { IAMClient, NoSuchEntityException, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { UnsafeKeyOperationError } from '../../lambdas/rotation/rotation-errors.ts';

const iamMock = mockClient(IAMClient);
const provider = iamAccessKeyProvider(new IAMClient({ region: 'us-east-1' }));

describe('IAM access key provider: re-activation', () => {
  beforeEach(() => iamMock.reset());

  it('re-activates a key with UserName and Status Active, as temporary Lambda credentials require', async () => {
    // Prepare
    iamMock.on(UpdateAccessKeyCommand).resolves({});

    // Act
    await provider.reactivateKey('alice', 'AKIAOLD0000000000001', {});

    // Assess
    expect(iamMock.commandCalls(UpdateAccessKeyCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'alice', AccessKeyId: 'AKIAOLD0000000000001', Status: 'Active' },
    ]);
  });

  it('says the key is already deleted when IAM no longer has it', async () => {
    // Prepare
    iamMock
      .on(UpdateAccessKeyCommand)
      .rejects(new NoSuchEntityException({ message: 'The Access Key cannot be found.', $metadata: {} }));

    // Act
    const outcome = provider.reactivateKey('alice', 'AKIAOLD0000000000001', {});

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(UnsafeKeyOperationError);
    await expect(outcome).rejects.toThrow(
      'access key AKIAOLD0000000000001 of IAM user alice is already deleted: it cannot be re-activated',
    );
  });
});
