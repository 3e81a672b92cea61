/**
 * STS over the Query protocol. GetCallerIdentity is how the rotation proves a
 * new key works, so the interesting part (signature check against the issued
 * secret) happens before this handler runs; here we only say who signed.
 */
import type { QueryAction } from '../http/call-context.ts';
import { rootArn } from '../iam/iam-ids.ts';
import type { IamStore } from '../iam/iam-store.ts';

export function stsActions(iam: IamStore): Record<string, QueryAction> {
  return {
    GetCallerIdentity: (_params, context) => {
      const account = iam.accountId;
      if (context.caller.kind === 'admin')
        return { Account: account, Arn: rootArn(account), UserId: account };
      const user = iam.getUser(context.caller.userName);
      return { Account: account, Arn: user.arn, UserId: user.userId };
    },
  };
}
