/**
 * The member accounts a scope names: the configured list, or the
 * organization's ACTIVE accounts (ListAccounts, or ListAccountsForParent for
 * each configured OU, paginated; through the listing role when one is
 * configured, assumed first so that its failure is told as such), paged by
 * the same directory Discover pages with. Each OU is
 * listed on its own: one that cannot be listed is reported by its id, and the
 * accounts the others list are still read. Calls are bounded: a hung
 * Organizations costs its three bounded attempts, not the inventory's ten.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ORGANIZATION_LISTING } from '../../evidence/model/account-reads.ts';
import type { ListedAccounts } from '../../evidence/model/collect-organization.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { globalServiceRegion } from '../../lambdas/adapters/aws/global-service-region.ts';
import { organizationsDirectory } from '../../lambdas/adapters/aws/organizations-directory.ts';
import type { AccountScope } from '../../lambdas/config/account-scope.ts';
import type { OrganizationAccount } from '../../lambdas/fleet/fleet-ports.ts';
import { accountReadError } from './account-read-error.ts';

/** The SDK's default, said here: a hung endpoint costs three bounded attempts. */
const LISTING_ATTEMPTS = 3;

/** Only ACTIVE accounts have users to read: a suspended or closing account is not in scope. */
async function activeAccounts(listing: AsyncIterable<OrganizationAccount>): Promise<string[]> {
  const ids: string[] = [];
  for await (const account of listing) if (account.state === 'ACTIVE') ids.push(account.id);
  return ids;
}

/** Each OU on its own: one that cannot be listed is reported, and the others' accounts are still read. */
export async function organizationAccounts(
  scope: AccountScope,
  env: NodeJS.ProcessEnv,
): Promise<ListedAccounts> {
  if (scope.source.kind !== 'organization')
    return { accounts: scope.source.kind === 'list' ? [...scope.source.accounts] : [], failures: [] };
  const region = globalServiceRegion(env);
  const roleArn = scope.organizationRoleArn;
  const credentials = roleArn
    ? fromTemporaryCredentials({
        params: {
          RoleArn: roleArn,
          RoleSessionName: 'access-key-rotator',
          ExternalId: scope.memberExternalId,
        },
        clientConfig: { region, requestHandler: boundedRequestHandler() },
      })
    : undefined;
  if (credentials && roleArn) {
    try {
      await credentials();
    } catch (error) {
      const failure = accountReadError(
        'organization',
        `STS AssumeRole of the listing role ${roleArn}`,
        error,
      );
      return { accounts: [], failures: [{ listing: ORGANIZATION_LISTING, error: failure }] };
    }
  }
  const client = new OrganizationsClient({
    region,
    maxAttempts: LISTING_ATTEMPTS,
    requestHandler: boundedRequestHandler(),
    ...(credentials && { credentials }),
  });
  const directory = organizationsDirectory(client);
  const units = scope.source.organizationalUnits;
  const listings: [string, string, () => AsyncIterable<OrganizationAccount>][] =
    units.length === 0
      ? [[ORGANIZATION_LISTING, 'Organizations ListAccounts', () => directory.listAccounts()]]
      : units.map((unit) => [
          unit,
          `Organizations ListAccountsForParent of ${unit}`,
          () => directory.listAccountsForParent(unit),
        ]);
  const accounts: string[] = [];
  const failures: ListedAccounts['failures'][number][] = [];
  try {
    // One listing after another: Organizations allows about one request a second.
    for (const [listing, operation, list] of listings) {
      try {
        accounts.push(...(await activeAccounts(list())));
      } catch (error) {
        failures.push({ listing, error: accountReadError('organization', operation, error) });
      }
    }
    return { accounts, failures };
  } finally {
    client.destroy();
  }
}
