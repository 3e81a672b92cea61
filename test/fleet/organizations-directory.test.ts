/**
 * The organization's accounts through the real Organizations SDK client
 * (answers mocked): every page followed by NextToken, the account's State
 * (its Status when State is absent), and throttling past the SDK's retries
 * turned into a TransientError.
 */
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { organizationsDirectory } from '../../lambdas/adapters/aws/organizations-directory.ts';
import type { OrganizationAccount } from '../../lambdas/fleet/fleet-ports.ts';
import { TransientError } from '../../lambdas/rotation/rotation-errors.ts';

const organizationsMock = mockClient(OrganizationsClient);
const directory = organizationsDirectory(new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1 }));

async function all(listing: AsyncIterable<OrganizationAccount>): Promise<OrganizationAccount[]> {
  const found: OrganizationAccount[] = [];
  for await (const account of listing) found.push(account);
  return found;
}

describe('Organizations directory', () => {
  beforeEach(() => organizationsMock.reset());

  it('follows NextToken through every page of ListAccounts, reading State, else Status', async () => {
    // Prepare
    organizationsMock
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [{ Id: '111111111111', State: 'ACTIVE', Status: 'ACTIVE' }], NextToken: 'p2' })
      .on(ListAccountsCommand, { NextToken: 'p2' })
      .resolves({
        Accounts: [{ Id: '222222222222', State: 'SUSPENDED' }, { Name: 'no id' }],
        NextToken: 'p3',
      })
      .on(ListAccountsCommand, { NextToken: 'p3' })
      .resolves({ Accounts: [{ Id: '333333333333', Status: 'PENDING_CLOSURE' }] });

    // Act
    const accounts = await all(directory.listAccounts());

    // Assess
    expect(accounts).toEqual([
      { id: '111111111111', state: 'ACTIVE' },
      { id: '222222222222', state: 'SUSPENDED' },
      { id: '333333333333', state: 'PENDING_CLOSURE' },
    ]);
    expect(organizationsMock.commandCalls(ListAccountsCommand)).toHaveLength(3);
  });

  it('lists one OU with ListAccountsForParent, paged', async () => {
    // Prepare
    organizationsMock
      .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-11111111', NextToken: undefined })
      .resolves({ Accounts: [{ Id: '111111111111', State: 'ACTIVE' }], NextToken: 'p2' })
      .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-11111111', NextToken: 'p2' })
      .resolves({ Accounts: [{ Id: '222222222222', State: 'ACTIVE' }] });

    // Act
    const accounts = await all(directory.listAccountsForParent('ou-ab12-11111111'));

    // Assess
    expect(accounts.map((a) => a.id)).toEqual(['111111111111', '222222222222']);
  });

  it('turns throttling into a TransientError and a refusal into the error Organizations gave', async () => {
    // Prepare
    organizationsMock.on(ListAccountsCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    organizationsMock.on(ListAccountsForParentCommand).rejects(
      Object.assign(new Error("You don't have permissions to access this resource."), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const throttled = all(directory.listAccounts());
    const denied = all(directory.listAccountsForParent('ou-ab12-11111111'));

    // Assess
    await expect(throttled).rejects.toBeInstanceOf(TransientError);
    await expect(denied).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
