/**
 * The organization's accounts, read-only: ListAccounts, or
 * ListAccountsForParent for one OU, each paged with NextToken. Called with
 * the organization role when the deployment names one (the management
 * account's read-only role), else with the hub's own credentials (the hub is
 * then the management account or a delegated administrator).
 */
import {
  type Account,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { OrganizationAccount, OrganizationDirectory } from '../../fleet/fleet-ports.ts';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { globalServiceRegion } from './global-service-region.ts';
import { callAws } from './transient-errors.ts';

/** 20 accounts a page: 1,000 pages is far above Organizations' largest quota (10,000 accounts). */
const MAX_PAGES = 1_000;

/** `State` replaces the retired `Status`; an account answering with neither is not counted as ACTIVE. */
function toAccount(account: Account): OrganizationAccount | undefined {
  if (!account.Id) return undefined;
  return { id: account.Id, state: String(account.State ?? account.Status ?? 'UNKNOWN') };
}

async function* paged(
  operation: string,
  page: (token: string | undefined) => Promise<{ Accounts?: Account[]; NextToken?: string }>,
): AsyncIterable<OrganizationAccount> {
  let token: string | undefined;
  let pages = 0;
  do {
    pages += 1;
    if (pages > MAX_PAGES) throw new Error(`${operation} exceeded ${MAX_PAGES} pages`);
    const answer = await callAws(operation, () => page(token));
    for (const raw of answer.Accounts ?? []) {
      const account = toAccount(raw);
      if (account !== undefined) yield account;
    }
    token = answer.NextToken || undefined;
  } while (token);
}

export function organizationsDirectory(client: OrganizationsClient): OrganizationDirectory {
  return {
    listAccounts: () =>
      paged('Organizations ListAccounts', (NextToken) => client.send(new ListAccountsCommand({ NextToken }))),
    listAccountsForParent: (ParentId) =>
      paged('Organizations ListAccountsForParent', (NextToken) =>
        client.send(new ListAccountsForParentCommand({ ParentId, NextToken })),
      ),
  };
}

/** Organizations answers in us-east-1 (its endpoint is global); the role, when given, is assumed once per container. */
export function organizationsClient(
  organizationRoleArn: string | undefined,
  externalId: string,
): OrganizationsClient {
  const region = globalServiceRegion();
  return new OrganizationsClient({
    region,
    requestHandler: boundedRequestHandler(),
    ...(organizationRoleArn !== undefined && {
      credentials: fromTemporaryCredentials({
        // The listing role trusts the hub exactly as the member role does: with the ExternalId.
        params: {
          RoleArn: organizationRoleArn,
          RoleSessionName: 'access-key-rotator',
          ExternalId: externalId,
        },
        clientConfig: { region, requestHandler: boundedRequestHandler() },
      }),
    }),
  });
}
