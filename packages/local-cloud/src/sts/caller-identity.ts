/**
 * Who a caller is, as STS names it (GetCallerIdentity) and as a trust policy
 * sees it (aws:PrincipalArn and the ARNs a Principal element may name). A
 * role session's principal ARN is its role's, path included; the admin key
 * is a session of the local admin role.
 */
import type { CloudAccounts } from '../accounts/cloud-accounts.ts';
import type { CallContext } from '../http/call-context.ts';
import { roleArn } from '../iam/iam-role-store.ts';
import {
  LOCAL_ADMIN_ROLE_ID,
  LOCAL_ADMIN_ROLE_NAME,
  LOCAL_ADMIN_ROLE_PATH,
  LOCAL_ADMIN_SESSION_NAME,
} from '../iam/local-admin-role.ts';
import { sessionArn } from './session-store.ts';

export interface CallerIdentity {
  readonly account: string;
  /** What GetCallerIdentity answers as `Arn`, and what an AccessDenied message names. */
  readonly arn: string;
  readonly userId: string;
  /** aws:PrincipalArn. */
  readonly principalArn: string;
}

export function callerIdentity(context: CallContext, accounts: CloudAccounts): CallerIdentity {
  const account = context.accountId;
  const caller = context.caller;
  switch (caller.kind) {
    case 'admin':
      return roleSession(
        account,
        LOCAL_ADMIN_ROLE_NAME,
        LOCAL_ADMIN_ROLE_PATH,
        LOCAL_ADMIN_ROLE_ID,
        LOCAL_ADMIN_SESSION_NAME,
      );
    case 'session':
      return roleSession(account, caller.roleName, caller.rolePath, caller.roleId, caller.sessionName);
    case 'user': {
      const user = accounts.get(account).iam.getUser(caller.userName);
      return { account, arn: user.arn, userId: user.userId, principalArn: user.arn };
    }
  }
}

/**
 * The caller's identity, or undefined when the cloud cannot name it (a
 * user's key outliving its user in a state another process changed).
 */
export function knownCaller(context: CallContext, accounts: CloudAccounts): CallerIdentity | undefined {
  try {
    return callerIdentity(context, accounts);
  } catch {
    return undefined;
  }
}

function roleSession(
  account: string,
  roleName: string,
  rolePath: string,
  roleId: string,
  sessionName: string,
): CallerIdentity {
  return {
    account,
    arn: sessionArn({ accountId: account, roleName, sessionName }),
    userId: `${roleId}:${sessionName}`,
    principalArn: roleArn(account, rolePath, roleName),
  };
}
