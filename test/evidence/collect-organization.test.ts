/**
 * The member-account collector over fake sources: which accounts it reads
 * (listed, minus excluded, never the hub, each once), and that one account
 * failing, or the organization's list failing, never stops the report: it
 * ends in an UNREADABLE entry that says what failed and what to do.
 */
import { describe, expect, it } from 'vitest';
import { AccountReadError } from '../../evidence/model/account-reads.ts';
import {
  collectMemberInventory,
  type OrganizationSource,
} from '../../evidence/model/collect-organization.ts';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';

const HUB = '111111111111';
const [A, B, C, EXCLUDED] = ['222222222222', '333333333333', '444444444444', '555555555555'];

function source(overrides: Partial<OrganizationSource> = {}): OrganizationSource & { read: string[] } {
  const read: string[] = [];
  return {
    scope: readAccountScope({ AKR_ACCOUNTS: 'organization', AKR_EXCLUDED_ACCOUNTS: EXCLUDED }),
    hubAccountId: HUB,
    listAccounts: async () => ({ accounts: [C, A, HUB, EXCLUDED, B, A], failures: [] }),
    readAccount: async (account): Promise<PrincipalKeys[]> => {
      read.push(account);
      return [{ provider: 'aws', principal: `${account}/svc`, keys: [] }];
    },
    read,
    ...overrides,
  };
}

describe('collecting the member accounts', () => {
  it('reads each listed account once, in order, leaving out the excluded ones and the hub', async () => {
    const fake = source();

    const members = await collectMemberInventory(fake, { concurrency: 1 });

    expect(fake.read).toEqual([A, B, C]);
    expect(members.accounts.map((a) => [a.account, a.status])).toEqual([
      [A, 'READ'],
      [B, 'READ'],
      [C, 'READ'],
    ]);
    expect(members.inventory.map((p) => p.principal)).toEqual([`${A}/svc`, `${B}/svc`, `${C}/svc`]);
  });

  it('one account failing leaves the others read, and is UNREADABLE with its cause', async () => {
    const fake = source();
    const denied = new AccountReadError(
      'inventory',
      'AccessDenied',
      `reading the IAM users and keys of account ${B} failed with AccessDenied (HTTP 403)`,
    );
    const readAccount = async (account: string) => {
      if (account === B) throw denied;
      return [{ provider: 'aws' as const, principal: `${account}/svc`, keys: [] }];
    };

    const members = await collectMemberInventory({ ...fake, readAccount });

    expect(members.inventory.map((p) => p.principal)).toEqual([`${A}/svc`, `${C}/svc`]);
    expect(members.accounts.find((a) => a.account === B)).toEqual({
      account: B,
      hub: false,
      status: 'UNREADABLE',
      error: 'AccessDenied',
      cause: denied.message,
      action: `the member role access-key-rotator-member in account ${B} denies IAM reads: update the member role stack, which allows iam:GetAccountAuthorizationDetails, iam:ListAccessKeys and iam:GetAccessKeyLastUsed`,
    });
  });

  it('an error that is not an AccountReadError is still an UNREADABLE account, not a failed report', async () => {
    const members = await collectMemberInventory(
      source({
        listAccounts: async () => ({ accounts: [A], failures: [] }),
        readAccount: async () => {
          throw new RangeError('boom');
        },
      }),
    );

    expect(members.accounts).toEqual([
      expect.objectContaining({
        account: A,
        status: 'UNREADABLE',
        error: 'RangeError',
        cause: `reading account ${A} failed`,
      }),
    ]);
  });

  it('one OU cannot be listed: that OU is UNREADABLE, the accounts the others listed are read', async () => {
    const OU = 'ou-ab12-cd34ef56';
    const throttled = new AccountReadError(
      'organization',
      'TooManyRequestsException',
      `Organizations ListAccountsForParent of ${OU} failed with TooManyRequestsException (HTTP 400)`,
    );
    const fake = source({
      listAccounts: async () => ({ accounts: [B], failures: [{ listing: OU, error: throttled }] }),
    });

    const members = await collectMemberInventory(fake);

    expect(fake.read).toEqual([B]);
    expect(members.accounts.map((a) => [a.account, a.status, a.cause])).toEqual([
      [OU, 'UNREADABLE', throttled.message],
      [B, 'READ', null],
    ]);
  });

  it('the organization cannot be listed: one UNREADABLE `organization` entry, no member read', async () => {
    const fake = source({
      listAccounts: async () => {
        throw new AccountReadError(
          'organization',
          'AccessDeniedException',
          'Organizations ListAccounts failed with AccessDeniedException (HTTP 400)',
        );
      },
    });
    const progress: string[] = [];

    const members = await collectMemberInventory(fake, { onAccount: (read) => progress.push(read.account) });

    expect(fake.read).toEqual([]);
    expect(members.accounts).toEqual([
      expect.objectContaining({
        account: 'organization',
        status: 'UNREADABLE',
        action: expect.stringContaining('set akr:organizationRoleArn'),
      }),
    ]);
    expect(progress).toEqual(['organization']);
  });
});
