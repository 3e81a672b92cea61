/**
 * A member account's directory as the fleet sees it: the same IAM directory,
 * read through the member role, whose principals carry their account
 * (`111122223333/alice`), so everything downstream (lock ids, execution
 * names, secrets, reports) tells the accounts' users apart.
 */
import { formatAccountPrincipal } from '../shared/account-principal.ts';
import type { FleetDirectory } from './fleet-ports.ts';

/** `111122223333/alice` → `alice`: the member account's IAM knows its users by their bare names. */
function userOf(principal: string): string {
  return principal.slice(principal.indexOf('/') + 1);
}

export function inMemberAccount(account: string, directory: FleetDirectory): FleetDirectory {
  return {
    provider: directory.provider,
    async *listPrincipals() {
      for await (const found of directory.listPrincipals())
        yield { ...found, principal: formatAccountPrincipal({ account, user: found.principal }) };
    },
    listKeys: (principal) => directory.listKeys(userOf(principal)),
  };
}
