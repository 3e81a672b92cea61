/**
 * Which accounts one fleet run reads: the deployment's scope (the hub only, a
 * list, or the organization's ACTIVE accounts, optionally per OU), narrowed
 * by the run's input, always without the excluded ones. The hub always takes
 * part unless the run's own input leaves it out.
 *
 * Normal path: the account ids, the hub first, then in id order.
 * Failure path: ValidationError before any call when the input names an
 * account or OU the deployment does not rotate (`checkRunScope`); an
 * Organizations call that fails makes that listing UNREADABLE (the hub and
 * any account already listed still take part), never a failed Discover.
 */
import { ACCOUNTS_FROM_ORGANIZATION } from '../config/account-scope.ts';
import { ValidationError } from '../rotation/rotation-errors.ts';
import type { FleetAccounts, OrganizationAccount } from './fleet-ports.ts';
import type { UnreadableAccount } from './fleet-state.ts';
import { unreadableAccount } from './unreadable-account.ts';
import type { ValidatedFleetInput } from './validate-fleet-input.ts';

export interface AccountsInScope {
  readonly accounts: readonly string[];
  readonly unreadable: readonly UnreadableAccount[];
}

type RunScope = Pick<ValidatedFleetInput, 'accounts' | 'excludeAccounts' | 'organizationalUnits'>;

/** Organizations reports a closed account for 90 days; only ACTIVE ones have users worth rotating. */
const ACTIVE = 'ACTIVE';

function refuse(field: string, message: string): never {
  throw new ValidationError(field, message);
}

/**
 * Normal path: returns quietly. Failure path: ValidationError naming the
 * input field, before anything is read or written.
 */
export function checkRunScope(input: RunScope, fleet: FleetAccounts | undefined, hubAccountId: string): void {
  const source = fleet?.scope.source ?? { kind: 'hub-only' as const };
  if (input.organizationalUnits !== undefined) {
    if (source.kind !== 'organization')
      refuse(
        'organizationalUnits',
        `needs a deployment that rotates the organization (akr:accounts=${ACCOUNTS_FROM_ORGANIZATION})`,
      );
    const allowed = source.organizationalUnits;
    const outside = input.organizationalUnits.find((ou) => allowed.length > 0 && !allowed.includes(ou));
    if (outside !== undefined)
      refuse('organizationalUnits', `${outside} is not one of the deployment's OUs (${allowed.join(', ')})`);
  }
  if (input.accounts === undefined || source.kind === 'organization') return;
  const allowed = new Set([hubAccountId, ...(source.kind === 'list' ? source.accounts : [])]);
  for (const id of fleet?.scope.excludedAccounts ?? []) if (id !== hubAccountId) allowed.delete(id);
  const outside = input.accounts.find((id) => !allowed.has(id));
  if (outside !== undefined)
    refuse(
      'accounts',
      source.kind === 'hub-only'
        ? `${outside} is not rotated by this deployment: it rotates its own account ${hubAccountId} only`
        : `${outside} is not one of the deployment's accounts, or is excluded`,
    );
}

async function collect(
  listing: AsyncIterable<OrganizationAccount>,
  into: Set<string>,
  label: string,
  unreadable: UnreadableAccount[],
): Promise<void> {
  try {
    for await (const account of listing) if (account.state === ACTIVE) into.add(account.id);
  } catch (error) {
    unreadable.push(unreadableAccount(label, error));
  }
}

async function organizationAccounts(
  fleet: FleetAccounts,
  units: readonly string[],
  unreadable: UnreadableAccount[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (units.length === 0)
    await collect(fleet.organization.listAccounts(), found, ACCOUNTS_FROM_ORGANIZATION, unreadable);
  // One OU after another: Organizations allows about one request a second per account.
  for (const unit of units)
    await collect(fleet.organization.listAccountsForParent(unit), found, unit, unreadable);
  return found;
}

export async function accountsInScope(
  input: RunScope,
  fleet: FleetAccounts | undefined,
  hubAccountId: string,
): Promise<AccountsInScope> {
  const unreadable: UnreadableAccount[] = [];
  const source = fleet?.scope.source ?? { kind: 'hub-only' as const };
  let members: Set<string>;
  if (fleet !== undefined && source.kind === 'organization')
    members = await organizationAccounts(
      fleet,
      input.organizationalUnits ?? source.organizationalUnits,
      unreadable,
    );
  else members = new Set(source.kind === 'list' ? source.accounts : []);
  for (const id of fleet?.scope.excludedAccounts ?? []) members.delete(id);
  members.delete(hubAccountId);

  let chosen = [hubAccountId, ...[...members].sort()];
  if (input.accounts !== undefined) {
    const wanted = input.accounts;
    chosen = chosen.filter((id) => wanted.includes(id));
    // Only the organization can hold an account the input names but the listing did not find.
    for (const id of wanted)
      if (!chosen.includes(id) && unreadable.length === 0)
        unreadable.push({
          account: id,
          error: 'AccountNotInScope',
          cause: 'not an ACTIVE account of the organization (or of its OUs in scope), or excluded',
        });
  }
  const excluded = new Set(input.excludeAccounts);
  return { accounts: chosen.filter((id) => !excluded.has(id)), unreadable };
}
