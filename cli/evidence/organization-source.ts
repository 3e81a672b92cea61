/**
 * The member accounts of an organization-wide report: the accounts the scope
 * names (organization-accounts.ts), then each one's IAM users and keys
 * through the member role, assumed exactly as the steps assume it
 * (member-account-credentials.ts: same role name, same ExternalId), with the
 * same IAM reads as the hub's inventory.
 *
 * The role is assumed before IAM is called, so a role that is missing,
 * distrusts the caller or hangs ends after STS's own few bounded attempts,
 * not after IAM's patient retries of a credential that will never come.
 */
import type { CollectOptions } from '../../evidence/model/collect-inventory.ts';
import type { OrganizationSource } from '../../evidence/model/collect-organization.ts';
import { memberAccountCredentials } from '../../lambdas/adapters/aws/member-account-credentials.ts';
import { type AccountScope, memberRoleArn } from '../../lambdas/config/account-scope.ts';
import { formatAccountPrincipal } from '../../lambdas/shared/account-principal.ts';
import { accountReadError } from './account-read-error.ts';
import { readInventory } from './inventory-source.ts';
import { organizationAccounts } from './organization-accounts.ts';

export interface OrganizationSourceOptions {
  readonly scope: AccountScope;
  readonly hubAccountId: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly inventory?: CollectOptions;
}

export function organizationSource(options: OrganizationSourceOptions): OrganizationSource {
  const env = options.env ?? process.env;
  const { scope } = options;
  const credentialsOf = memberAccountCredentials(scope);
  return {
    scope,
    hubAccountId: options.hubAccountId,
    listAccounts: () => organizationAccounts(scope, env),
    async readAccount(account) {
      const credentials = credentialsOf(account);
      try {
        await credentials();
      } catch (error) {
        throw accountReadError('assume-role', `STS AssumeRole of ${memberRoleArn(account, scope)}`, error);
      }
      try {
        const principals = await readInventory(
          { provider: 'aws', yandexServiceAccounts: [], env, credentials },
          options.inventory,
        );
        return principals.map((p) => ({
          ...p,
          principal: formatAccountPrincipal({ account, user: p.principal }),
        }));
      } catch (error) {
        throw accountReadError('inventory', `reading the IAM users and keys of account ${account}`, error);
      }
    },
  };
}
