/**
 * A multi-account deployment's accounts for the report: the hub's entry (its
 * inventory is read as always, with the hub's own credentials; a failure
 * there makes the hub UNREADABLE too), then each member account in scope
 * through the member role. Nothing at all for a single-account deployment,
 * or a report that is not about AWS keys: it reads as it always has.
 */
import type { OrganizationReads } from '../../evidence/model/account-evidence.ts';
import {
  type AccountRead,
  AccountReadError,
  readAccount,
  unreadableAccount,
} from '../../evidence/model/account-reads.ts';
import { collectMemberInventory } from '../../evidence/model/collect-organization.ts';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { errorNameOf, failureOf } from '../../lambdas/adapters/aws/transient-errors.ts';
import type { AccountScope } from '../../lambdas/config/account-scope.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { readEvidenceScope, scopeEnvironment } from './evidence-scope.ts';
import { organizationSource } from './organization-source.ts';

export interface MemberAccountsRequest {
  readonly local: boolean;
  readonly stateDir: string;
  readonly progress: (text: string) => void;
}

export interface MemberAccountsInputs {
  readonly providers: readonly Provider[];
  /** Why the hub's AWS inventory could not be read, if it could not. */
  readonly hubFailure: unknown;
  /** Asked only when the scope is more than the hub. */
  readonly hubAccountId: () => Promise<string>;
}

function hubEntry(hub: string, failure: unknown, scope: AccountScope): AccountRead {
  if (failure === undefined) return readAccount(hub, true);
  const error = new AccountReadError(
    'inventory',
    errorNameOf(failure),
    `reading the hub's IAM users and keys ${failureOf(failure)}`,
    {
      action:
        'check that the credentials akr evidence runs with may call iam:GetAccountAuthorizationDetails, iam:ListAccessKeys and iam:GetAccessKeyLastUsed, then run it again',
    },
  );
  return unreadableAccount(hub, true, error, scope);
}

export async function memberAccounts(
  request: MemberAccountsRequest,
  inputs: MemberAccountsInputs,
): Promise<{ organization: OrganizationReads; inventory: readonly PrincipalKeys[] } | undefined> {
  const env = await scopeEnvironment(request);
  const scope = readEvidenceScope(env);
  if (scope.source.kind === 'hub-only' || !inputs.providers.includes('aws')) return undefined;
  const hub = await inputs.hubAccountId();
  request.progress(
    `Reading the member accounts in scope (${scope.source.kind}) through role ${scope.memberRoleName}…`,
  );
  const members = await collectMemberInventory(organizationSource({ scope, hubAccountId: hub, env }), {
    onAccount: (read, done, total) =>
      request.progress(
        `  account ${read.account}: ${read.status === 'READ' ? 'read' : `UNREADABLE (${read.cause})`} (${done}/${total})`,
      ),
  });
  return {
    organization: {
      hubAccountId: hub,
      accounts: [hubEntry(hub, inputs.hubFailure, scope), ...members.accounts],
    },
    inventory: members.inventory,
  };
}
