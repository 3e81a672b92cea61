/**
 * The member accounts of an organization-wide report, read through the real
 * SDK clients: Organizations (ListAccounts, or ListAccountsForParent for each
 * configured OU, paginated, ACTIVE accounts only; through the listing role
 * when one is configured) or the configured list, then each member account's
 * IAM users and keys through the member role, assumed exactly as the steps
 * assume it (member-account-credentials.ts: same role name, same ExternalId).
 *
 * Every failure becomes an AccountReadError that says which call failed and
 * how (failureOf: the error's name and status, or the timeout that ended
 * it), never the SDK's message, which can echo request details. The role is
 * assumed before IAM is called, so a role that is missing, distrusts the hub
 * or hangs ends after STS's own few bounded attempts, not after IAM's patient
 * retries of a credential that will never come.
 */
import {
  type Account,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AccountReadError, ORGANIZATION_LISTING } from '../../evidence/model/account-reads.ts';
import type { CollectOptions } from '../../evidence/model/collect-inventory.ts';
import type { ListedAccounts, OrganizationSource } from '../../evidence/model/collect-organization.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { globalServiceRegion } from '../../lambdas/adapters/aws/global-service-region.ts';
import { memberAccountCredentials } from '../../lambdas/adapters/aws/member-account-credentials.ts';
import { errorNameOf, failureOf, timeoutOf } from '../../lambdas/adapters/aws/transient-errors.ts';
import { type AccountScope, memberRoleArn } from '../../lambdas/config/account-scope.ts';
import { MemberAccountUnreachableError, TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { formatAccountPrincipal } from '../../lambdas/shared/account-principal.ts';
import { readInventory } from './inventory-source.ts';

/** A ceiling on paging: 20 accounts a page is far above Organizations' account quota. */
const MAX_PAGES = 1_000;
/** The SDK's default: a hung endpoint costs three bounded attempts, not the inventory's patient ten. */
const LISTING_ATTEMPTS = 3;

/**
 * What failed, in the report's words. The member credentials already say it
 * for the role (MemberAccountUnreachableError: what failed; what to do) and
 * for a retryable STS failure (TransientError); an SDK error is summarized.
 */
function readError(stage: AccountReadError['stage'], what: string, error: unknown): AccountReadError {
  if (error instanceof MemberAccountUnreachableError) {
    const [how = error.message, ...todo] = error.message.split('; ');
    const action = todo.join('; ') || undefined;
    return new AccountReadError(stage, error.name, how, { cause: error, ...(action && { action }) });
  }
  if (error instanceof TransientError) {
    const how = error.message.replace(/; safe to retry$/, '');
    const hung = /did not answer|could not connect/.test(how);
    return new AccountReadError(stage, hung ? 'TimeoutError' : error.name, how, { cause: error });
  }
  // A hung call is named by what happened to it, not by the socket code the SDK's timeout left behind.
  const name = timeoutOf(error) === undefined ? errorNameOf(error) : 'TimeoutError';
  return new AccountReadError(stage, name, `${what} ${failureOf(error)}`, { cause: error });
}

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
async function organizationAccounts(scope: AccountScope, env: NodeJS.ProcessEnv): Promise<ListedAccounts> {
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
      const failure = readError('organization', `STS AssumeRole of the listing role ${roleArn}`, error);
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
        failures.push({ listing, error: readError('organization', operation, error) });
      }
    }
    return { accounts, failures };
  } finally {
    client.destroy();
  }
}

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
        throw readError('assume-role', `STS AssumeRole of ${memberRoleArn(account, scope)}`, error);
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
        throw readError('inventory', `reading the IAM users and keys of account ${account}`, error);
      }
    },
  };
}

/** The hub a deployed report reads from: AKR_HUB_ACCOUNT_ID when set, else the account of the CLI's credentials. */
export async function hubAccountOfCaller(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const client = new STSClient({ region: globalServiceRegion(env), requestHandler: boundedRequestHandler() });
  try {
    const identity = await client.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('STS GetCallerIdentity answered no Account');
    return identity.Account;
  } catch (error) {
    throw new Error(
      `the hub account could not be learned (STS GetCallerIdentity ${failureOf(error)}): set AKR_HUB_ACCOUNT_ID to the account the stack is deployed to`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
}
