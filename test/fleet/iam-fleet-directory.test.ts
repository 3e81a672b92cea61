import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListAccessKeysCommand,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { iamFleetDirectory } from '../../lambdas/adapters/aws/iam-fleet-directory.ts';
import type { FleetPrincipal } from '../../lambdas/fleet/fleet-ports.ts';
import { sdkError } from '../adapters/sdk-errors.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

function user(index: number, overrides: Partial<UserDetail> = {}): UserDetail {
  return {
    UserName: `user-${String(index).padStart(3, '0')}`,
    Path: '/',
    UserId: `AIDA${String(index).padStart(16, '0')}`,
    Arn: `arn:aws:iam::123456789012:user/user-${index}`,
    CreateDate: new Date('2024-01-01T00:00:00.000Z'),
    Tags: [],
    GroupList: [],
    // Inline policies come along on this call; the directory must not need them.
    UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: '%7B%7D' }],
    ...overrides,
  };
}

/** Three pages, of 100, 100 and 50 users, linked by markers as IAM links them. */
function mockThreePages(decorate: (index: number) => Partial<UserDetail> = () => ({})): void {
  const page = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => user(from + i, decorate(from + i)));
  iamMock
    .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
    .resolves({ UserDetailList: page(0, 100), IsTruncated: true, Marker: 'page-2' })
    .on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-2' })
    .resolves({ UserDetailList: page(100, 100), IsTruncated: true, Marker: 'page-3' })
    .on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-3' })
    .resolves({ UserDetailList: page(200, 50), IsTruncated: false });
}

async function collect(principals: AsyncIterable<FleetPrincipal>): Promise<FleetPrincipal[]> {
  const all: FleetPrincipal[] = [];
  for await (const principal of principals) all.push(principal);
  return all;
}

describe('iamFleetDirectory', () => {
  beforeEach(() => iamMock.reset());

  it('pages past 100 users, asking for users only, one call per page', async () => {
    // Prepare
    mockThreePages();
    const directory = iamFleetDirectory(iam, iamAccessKeyProvider(iam), TEST_SETTINGS);

    // Act
    const principals = await collect(directory.listPrincipals());

    // Assess
    expect(principals).toHaveLength(250);
    expect(principals.at(-1)?.principal).toBe('user-249');
    const calls = iamMock.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { Filter: ['User'], Marker: undefined },
      { Filter: ['User'], Marker: 'page-2' },
      { Filter: ['User'], Marker: 'page-3' },
    ]);
  });

  it('gives each user its path, tags and groups', async () => {
    // Prepare
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [
        user(1, {
          Path: '/service/',
          Tags: [
            { Key: 'team', Value: 'payments' },
            { Key: 'access-key-rotator:exempt', Value: '' },
          ],
          GroupList: ['developers', 'break-glass'],
        }),
        { Path: '/' },
      ],
      IsTruncated: false,
    });
    const directory = iamFleetDirectory(iam, iamAccessKeyProvider(iam), TEST_SETTINGS);

    // Act
    const principals = await collect(directory.listPrincipals());

    // Assess
    expect(principals).toEqual([
      {
        principal: 'user-001',
        path: '/service/',
        tags: { team: 'payments', 'access-key-rotator:exempt': '' },
        groups: ['developers', 'break-glass'],
      },
    ]);
  });

  it('keeps only users under the user path that carry the opt-in tag, on every page', async () => {
    // Prepare: every 10th user is under /service/, and every 20th of those also opted in.
    mockThreePages((i) => ({
      Path: i % 10 === 0 ? '/service/rotated/' : '/humans/',
      Tags:
        i % 20 === 0
          ? [{ Key: 'rotate', Value: 'yes' }]
          : i % 10 === 0
            ? [{ Key: 'rotate', Value: 'no' }]
            : [],
    }));
    const pathOnly = iamFleetDirectory(iam, iamAccessKeyProvider(iam), {
      ...TEST_SETTINGS,
      userPath: '/service/',
    });
    const optedIn = iamFleetDirectory(iam, iamAccessKeyProvider(iam), {
      ...TEST_SETTINGS,
      userPath: '/service/',
      optInTag: { key: 'rotate', value: 'yes' },
    });

    // Act
    const underPath = await collect(pathOnly.listPrincipals());
    const tagged = await collect(optedIn.listPrincipals());

    // Assess
    expect(underPath).toHaveLength(25);
    expect(tagged.map((p) => p.principal)).toEqual(
      Array.from({ length: 13 }, (_, i) => `user-${String(i * 20).padStart(3, '0')}`),
    );
  });

  it('lists keys through the IAM key provider, naming the user', async () => {
    // Prepare
    iamMock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: 'AKIAOLD0000000000001',
          Status: 'Active',
          CreateDate: new Date('2029-10-01'),
        },
      ],
      IsTruncated: false,
    });
    const directory = iamFleetDirectory(iam, iamAccessKeyProvider(iam), TEST_SETTINGS);

    // Act
    const keys = await directory.listKeys('alice');

    // Assess
    expect(keys).toEqual([
      { keyId: 'AKIAOLD0000000000001', status: 'Active', createdAt: '2029-10-01T00:00:00.000Z' },
    ]);
    expect(iamMock.commandCalls(ListAccessKeysCommand)[0]?.args[0].input).toMatchObject({
      UserName: 'alice',
    });
  });

  it('turns IAM throttling into TransientError, so the step is retried', async () => {
    // Prepare
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .rejects(sdkError('Throttling', 'Rate exceeded', { throttling: true }));
    const directory = iamFleetDirectory(iam, iamAccessKeyProvider(iam), TEST_SETTINGS);

    // Act
    const outcome = collect(directory.listPrincipals());

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'TransientError' });
  });
});
