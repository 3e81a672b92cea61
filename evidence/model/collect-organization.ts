/**
 * The member accounts' side of an organization-wide inventory: the accounts
 * in scope, then each one's IAM users and keys through the member role. The
 * hub's own inventory is read as in a single-account report.
 *
 * One account failing never stops the others: its read ends in an UNREADABLE
 * entry (account-reads.ts), the rest are read. A listing that fails (the
 * organization's, or one OU's) is an UNREADABLE entry named after it
 * (`organization`, `ou-…`); the accounts other listings found are read.
 * A few accounts are read at once; each read's calls are bounded in time, so
 * a hung endpoint ends in an UNREADABLE account, not a hung report.
 */
import type { AccountScope } from '../../lambdas/config/account-scope.ts';
import { mapWithConcurrency } from '../../lambdas/fleet/bounded-concurrency.ts';
import {
  type AccountRead,
  memberAccountsInScope,
  ORGANIZATION_LISTING,
  readAccount,
  unreadableAccount,
} from './account-reads.ts';
import type { PrincipalKeys } from './key-inventory.ts';

/** What the listings found, and each listing that failed (`organization`, or an OU id). */
export interface ListedAccounts {
  readonly accounts: readonly string[];
  readonly failures: readonly { readonly listing: string; readonly error: unknown }[];
}

export interface OrganizationSource {
  readonly scope: AccountScope;
  readonly hubAccountId: string;
  /** The member accounts the scope names: Organizations' ACTIVE accounts, or the list. */
  listAccounts(): Promise<ListedAccounts>;
  /** One member account's principals, named `<account>/<user>`. @throws AccountReadError */
  readAccount(account: string): Promise<readonly PrincipalKeys[]>;
}

export interface MemberInventory {
  /** The listings that failed, then one entry per member account in scope, in order. */
  readonly accounts: readonly AccountRead[];
  readonly inventory: readonly PrincipalKeys[];
}

export interface CollectOrganizationOptions {
  /** Accounts read at once. @default 4 */
  readonly concurrency?: number;
  readonly onAccount?: (read: AccountRead, done: number, total: number) => void;
}

export async function collectMemberInventory(
  source: OrganizationSource,
  options: CollectOrganizationOptions = {},
): Promise<MemberInventory> {
  let listed: ListedAccounts;
  try {
    listed = await source.listAccounts();
  } catch (error) {
    listed = { accounts: [], failures: [{ listing: ORGANIZATION_LISTING, error }] };
  }
  const failed = listed.failures.map(({ listing, error }) =>
    unreadableAccount(listing, false, error, source.scope),
  );
  for (const [index, read] of failed.entries()) options.onAccount?.(read, index + 1, failed.length);
  const members = memberAccountsInScope(listed.accounts, source.scope, source.hubAccountId);
  let done = 0;
  const reads = await mapWithConcurrency(members, options.concurrency ?? 4, async (account) => {
    let result: { read: AccountRead; inventory: readonly PrincipalKeys[] };
    try {
      result = { read: readAccount(account, false), inventory: await source.readAccount(account) };
    } catch (error) {
      result = { read: unreadableAccount(account, false, error, source.scope), inventory: [] };
    }
    options.onAccount?.(result.read, ++done, members.length);
    return result;
  });
  return { accounts: [...failed, ...reads.map((r) => r.read)], inventory: reads.flatMap((r) => r.inventory) };
}
