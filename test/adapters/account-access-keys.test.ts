/**
 * The rules name `111122223333/alice`; IAM in account 111122223333 knows
 * `alice`. The routing provider splits the two, and what comes back (the
 * principal described, a refusal) names the principal with its account.
 */
import { GetUserCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { accountAccessKeys } from '../../lambdas/adapters/aws/account-access-keys.ts';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { sdkError } from './sdk-errors.ts';

const iamMock = mockClient(IAMClient);
const hubIam = new IAMClient({ region: 'us-east-1' });
const memberIam = new IAMClient({ region: 'us-east-1' });

/** The hub's and one member account's providers, each on its own client. */
const keys = accountAccessKeys('999988887777', (account) =>
  account === undefined ? iamAccessKeyProvider(hubIam) : iamAccessKeyProvider(memberIam, { account }),
);

describe('access keys across accounts', () => {
  beforeEach(() => iamMock.reset());

  it("describes a member's user by its bare name in its account, and reports it with the account", async () => {
    // Prepare
    const clients: unknown[] = [];
    iamMock.on(GetUserCommand).callsFake((_input, getClient) => {
      clients.push(getClient());
      return { User: { UserName: 'alice', Path: '/team/' } };
    });
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [], IsTruncated: false });

    // Act
    const info = await keys.describePrincipal('111122223333/alice');

    // Assess
    expect(info).toEqual({ principal: '111122223333/alice', path: '/team/', tags: {} });
    expect(iamMock.commandCalls(GetUserCommand)[0]?.args[0].input).toEqual({ UserName: 'alice' });
    expect(clients).toEqual([memberIam]);
  });

  it('names the account of a user that does not exist', async () => {
    // Prepare
    iamMock.on(GetUserCommand).rejects(sdkError('NoSuchEntity', 'cannot be found', { httpStatusCode: 404 }));

    // Act
    const result = keys.describePrincipal('111122223333/ghost');

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'PrincipalNotFoundError',
      message: 'IAM user ghost of account 111122223333 does not exist',
    });
  });

  it("sends the hub's principals, and <hub id>/<user>, to the hub's IAM as before", async () => {
    // Prepare
    const clients: unknown[] = [];
    iamMock.on(GetUserCommand).callsFake((_input, getClient) => {
      clients.push(getClient());
      return { User: { UserName: 'alice', Path: '/' } };
    });
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [], IsTruncated: false });

    // Act
    await keys.describePrincipal('alice');
    await keys.describePrincipal('999988887777/alice');

    // Assess
    expect(clients).toEqual([hubIam, hubIam]);
  });

  it('refuses a principal that is not one, calling nothing', async () => {
    // Act
    const result = keys.deleteKey('a/b/c', 'AKIAOLD0000000000001');

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'VALIDATION_ERROR', field: 'principal' });
    expect(iamMock.calls()).toEqual([]);
  });
});
