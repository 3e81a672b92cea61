import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';

const iamMock = mockClient(IAMClient);
const provider = iamAccessKeyProvider(new IAMClient({ region: 'us-east-1' }));
const noSuchEntity = () =>
  new NoSuchEntityException({ message: 'The user with name alice cannot be found.', $metadata: {} });

describe('IAM access key provider: reads', () => {
  beforeEach(() => iamMock.reset());

  it('describes a user with its path and every page of its tags', async () => {
    // Prepare
    iamMock.on(GetUserCommand).resolves({
      User: {
        UserName: 'alice',
        Path: '/service/',
        UserId: 'AIDAALICE00000000001',
        Arn: 'arn:aws:iam::123456789012:user/service/alice',
        CreateDate: new Date('2024-01-01T00:00:00.000Z'),
      },
    });
    iamMock
      .on(ListUserTagsCommand)
      .resolvesOnce({ Tags: [{ Key: 'team', Value: 'data' }], IsTruncated: true, Marker: 'tags-2' })
      .resolvesOnce({ Tags: [{ Key: 'rotate', Value: 'yes' }], IsTruncated: false });

    // Act
    const info = await provider.describePrincipal('alice');

    // Assess
    expect(info).toEqual({ principal: 'alice', path: '/service/', tags: { team: 'data', rotate: 'yes' } });
    const tagCalls = iamMock.commandCalls(ListUserTagsCommand).map((call) => call.args[0].input);
    expect(tagCalls).toEqual([
      { UserName: 'alice', Marker: undefined },
      { UserName: 'alice', Marker: 'tags-2' },
    ]);
  });

  it('reports a missing user as PrincipalNotFoundError', async () => {
    // Prepare
    iamMock.on(GetUserCommand).rejects(noSuchEntity());

    // Act
    const result = provider.describePrincipal('alice');

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'PrincipalNotFoundError',
      code: 'PRINCIPAL_NOT_FOUND',
    });
  });

  it('lists keys across pages, following the Marker', async () => {
    // Prepare
    const created = new Date('2025-01-02T03:04:05.000Z');
    iamMock
      .on(ListAccessKeysCommand)
      .resolvesOnce({
        AccessKeyMetadata: [{ AccessKeyId: 'AKIAOLD0000000000001', Status: 'Active', CreateDate: created }],
        IsTruncated: true,
        Marker: 'page-2',
      })
      .resolvesOnce({
        AccessKeyMetadata: [{ AccessKeyId: 'AKIAOLD0000000000002', Status: 'Inactive', CreateDate: created }],
        IsTruncated: false,
      });

    // Act
    const keys = await provider.listKeys('alice');

    // Assess
    expect(keys).toEqual([
      { keyId: 'AKIAOLD0000000000001', status: 'Active', createdAt: '2025-01-02T03:04:05.000Z' },
      { keyId: 'AKIAOLD0000000000002', status: 'Inactive', createdAt: '2025-01-02T03:04:05.000Z' },
    ]);
    const markers = iamMock.commandCalls(ListAccessKeysCommand).map((call) => call.args[0].input.Marker);
    expect(markers).toEqual([undefined, 'page-2']);
  });

  it('reads the last use of a key as ISO text, or undefined when never used', async () => {
    // Prepare
    iamMock
      .on(GetAccessKeyLastUsedCommand)
      .resolvesOnce({
        UserName: 'alice',
        AccessKeyLastUsed: {
          LastUsedDate: new Date('2025-02-03T10:00:00.000Z'),
          ServiceName: 's3',
          Region: 'eu-west-1',
        },
      })
      .resolvesOnce({ UserName: 'alice', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });

    // Act
    const used = await provider.lastUsedAt('alice', 'AKIAOLD0000000000001');
    const unused = await provider.lastUsedAt('alice', 'AKIAOLD0000000000002');

    // Assess
    expect(used).toBe('2025-02-03T10:00:00.000Z');
    expect(unused).toBeUndefined();
    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand)[0]?.args[0].input).toEqual({
      AccessKeyId: 'AKIAOLD0000000000001',
    });
  });

  it('refuses to report usage of a key that belongs to another user', async () => {
    // Prepare
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: 'bob',
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    });

    // Act
    const result = provider.lastUsedAt('alice', 'AKIABOB0000000000001');

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'UnsafeKeyOperationError' });
  });
});
