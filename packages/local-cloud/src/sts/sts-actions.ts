/**
 * STS over the Query protocol. GetCallerIdentity is how the rotation proves a
 * new key works, so the interesting part (signature check against the issued
 * secret) happens before this handler runs; here we only say who signed.
 */
import type { QueryAction } from '../http/call-context.ts';
import type { IamStore } from '../iam/iam-store.ts';
import { localAdminIdentity } from '../iam/local-admin-role.ts';

export function stsActions(iam: IamStore): Record<string, QueryAction> {
  return {
    GetCallerIdentity: (_params, context) => {
      const account = iam.accountId;
      if (context.caller.kind === 'admin') return localAdminIdentity(account);
      const user = iam.getUser(context.caller.userName);
      return { Account: account, Arn: user.arn, UserId: user.userId };
    },
  };
}
