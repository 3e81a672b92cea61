/**
 * The member accounts' side of an organization-wide inventory: the accounts
 * in scope, then each one's IAM users and keys through the member role. The
 * hub's own inventory is read as in a single-account report.
 *
 * One account failing never stops the others: its read ends in an UNREADABLE
 * entry (account-reads.ts), the rest are read. Listing the organization
 * failing leaves only the hub to read, and says so in an `organization` entry.
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

export interface OrganizationSource {
  readonly scope: AccountScope;
  readonly hubAccountId: string;
  /** The member accounts the scope names: Organizations' ACTIVE accounts, or the list. @throws AccountReadError */
  listAccounts(): Promise<readonly string[]>;
  /** One member account's principals, named `<account>/<user>`. @throws AccountReadError */
  readAccount(account: string): Promise<readonly PrincipalKeys[]>;
}

export interface MemberInventory {
  /** One entry per member account in scope (and `organization`, when it could not be listed), in order. */
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
  let listed: readonly string[];
  try {
    listed = await source.listAccounts();
  } catch (error) {
    const read = unreadableAccount(ORGANIZATION_LISTING, false, error, source.scope);
    options.onAccount?.(read, 1, 1);
    return { accounts: [read], inventory: [] };
  }
  const members = memberAccountsInScope(listed, source.scope, source.hubAccountId);
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
  return { accounts: reads.map((r) => r.read), inventory: reads.flatMap((r) => r.inventory) };
}
