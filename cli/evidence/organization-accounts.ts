/**
 * The member accounts a scope names: the configured list, or the
 * organization's ACTIVE accounts (ListAccounts, or ListAccountsForParent for
 * each configured OU, paginated; through the listing role when one is
 * configured, assumed first so that its failure is told as such). Each OU is
 * listed on its own: one that cannot be listed is reported by its id, and the
 * accounts the others list are still read. Calls are bounded: a hung
 * Organizations costs its three bounded attempts, not the inventory's ten.
 */
import {
  type Account,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ORGANIZATION_LISTING } from '../../evidence/model/account-reads.ts';
import type { ListedAccounts } from '../../evidence/model/collect-organization.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { globalServiceRegion } from '../../lambdas/adapters/aws/global-service-region.ts';
import type { AccountScope } from '../../lambdas/config/account-scope.ts';
import { accountReadError } from './account-read-error.ts';

/** A ceiling on paging: 20 accounts a page is far above Organizations' account quota. */
const MAX_PAGES = 1_000;
/** The SDK's default, said here: a hung endpoint costs three bounded attempts. */
const LISTING_ATTEMPTS = 3;

function isActive(account: Account): boolean {
  return (account.State ?? account.Status) === 'ACTIVE';
}

type AccountsPage = { Accounts?: Account[]; NextToken?: string };

async function pages(list: (nextToken: string | undefined) => Promise<AccountsPage>): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  let count = 0;
  do {
    if (++count > MAX_PAGES) throw new Error(`Organizations listing exceeded ${MAX_PAGES} pages`);
    const page = await list(nextToken);
    ids.push(...(page.Accounts ?? []).filter(isActive).flatMap((a) => (a.Id ? [a.Id] : [])));
    nextToken = page.NextToken;
  } while (nextToken);
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
  const units = scope.source.organizationalUnits;
  const listings: [string, string, (token: string | undefined) => Promise<AccountsPage>][] =
    units.length === 0
      ? [
          [
            ORGANIZATION_LISTING,
            'Organizations ListAccounts',
            (NextToken) => client.send(new ListAccountsCommand({ NextToken })),
          ],
        ]
      : units.map((ParentId) => [
          ParentId,
          `Organizations ListAccountsForParent of ${ParentId}`,
          (NextToken) => client.send(new ListAccountsForParentCommand({ ParentId, NextToken })),
        ]);
  const accounts: string[] = [];
  const failures: ListedAccounts['failures'][number][] = [];
  try {
    // One listing after another: Organizations allows about one request a second.
    for (const [listing, operation, page] of listings) {
      try {
        accounts.push(...(await pages(page)));
      } catch (error) {
        failures.push({ listing, error: accountReadError('organization', operation, error) });
      }
    }
    return { accounts, failures };
  } finally {
    client.destroy();
  }
}
