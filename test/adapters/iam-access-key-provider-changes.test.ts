import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { sdkError } from './sdk-errors.ts';

const iamMock = mockClient(IAMClient);
const provider = iamAccessKeyProvider(new IAMClient({ region: 'us-east-1' }));
const noSuchEntity = () =>
  new NoSuchEntityException({ message: 'The user with name alice cannot be found.', $metadata: {} });

describe('IAM access key provider: changes', () => {
  beforeEach(() => iamMock.reset());

  it('creates a key for the named user and returns its secret only to the caller', async () => {
    // Prepare
    iamMock.on(CreateAccessKeyCommand).resolves({
      AccessKey: {
        UserName: 'alice',
        AccessKeyId: 'AKIANEW0000000000001',
        SecretAccessKey: 'new-secret-value',
        Status: 'Active',
        CreateDate: new Date('2025-02-01T00:00:00.000Z'),
      },
    });

    // Act
    const key = await provider.createKey('alice', 'rotation-1');

    // Assess
    expect(key).toEqual({
      keyId: 'AKIANEW0000000000001',
      secretAccessKey: 'new-secret-value',
      createdAt: '2025-02-01T00:00:00.000Z',
    });
    expect(iamMock.commandCalls(CreateAccessKeyCommand)[0]?.args[0].input).toEqual({ UserName: 'alice' });
  });

  it('retires a key with UserName and Status Inactive, as temporary Lambda credentials require', async () => {
    // Prepare
    iamMock.on(UpdateAccessKeyCommand).resolves({});

    // Act
    await provider.retireKey('alice', 'AKIAOLD0000000000001', {
      rotationId: 'rotation-1',
      retiredAt: '2025-02-08T00:00:00.000Z',
      deleteAfter: '2025-02-15T00:00:00.000Z',
    });

    // Assess
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'alice',
      AccessKeyId: 'AKIAOLD0000000000001',
      Status: 'Inactive',
    });
  });

  it('treats deleting a key that is already gone as done', async () => {
    // Prepare
    iamMock.on(DeleteAccessKeyCommand).rejects(noSuchEntity());

    // Act
    const result = provider.deleteKey('alice', 'AKIAOLD0000000000001');

    // Assess
    await expect(result).resolves.toBeUndefined();
    expect(iamMock.commandCalls(DeleteAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'alice',
      AccessKeyId: 'AKIAOLD0000000000001',
    });
  });

  it('lets a quota error from delete through unchanged', async () => {
    // Prepare
    const refused = sdkError('LimitExceededException', 'quota', { httpStatusCode: 409 });
    iamMock.on(DeleteAccessKeyCommand).rejects(refused);

    // Act
    const result = provider.deleteKey('alice', 'AKIAOLD0000000000001');

    // Assess
    await expect(result).rejects.toBe(refused);
  });

  it('wraps an IAM throttle into TransientError', async () => {
    // Prepare
    iamMock.on(UpdateAccessKeyCommand).rejects(sdkError('Throttling', 'Rate exceeded'));

    // Act
    const result = provider.retireKey('alice', 'AKIAOLD0000000000001', {
      rotationId: 'rotation-1',
      retiredAt: '2025-02-08T00:00:00.000Z',
      deleteAfter: '2025-02-15T00:00:00.000Z',
    });

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'TransientError' });
  });
});
