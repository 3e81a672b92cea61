/**
 * STS over the Query protocol. GetCallerIdentity is how the rotation proves a
 * new key works, so the interesting part (signature check against the issued
 * secret) happens before this handler runs; here we only say who signed.
 * AssumeRole is how the hub reaches a member account: it checks the role's
 * trust policy (trust-policy.ts) and issues a session kept in the shared
 * state (session-store.ts).
 */
import type { CloudAccounts } from '../accounts/cloud-accounts.ts';
import type { QueryAction } from '../http/call-context.ts';
import type { OrganizationStore } from '../organizations/organization-store.ts';
import { assumeRole } from './assume-role.ts';
import { callerIdentity } from './caller-identity.ts';
import type { SessionStore } from './session-store.ts';

export interface StsDependencies {
  readonly accounts: CloudAccounts;
  readonly sessions: SessionStore;
  readonly organization: OrganizationStore;
}

export function stsActions(deps: StsDependencies): Record<string, QueryAction> {
  return {
    GetCallerIdentity: (_params, context) => {
      const identity = callerIdentity(context, deps.accounts);
      return { Account: identity.account, Arn: identity.arn, UserId: identity.userId };
    },
    AssumeRole: (params, context) => assumeRole(params, context, deps),
  };
}
