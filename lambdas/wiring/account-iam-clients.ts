/** Each account's IAM clients: the hub's are today's, a member account's sign with its role's session. */
import {
  type IamClients,
  iamClient,
  iamClientsWith,
  iamCreateKeyClient,
} from '../adapters/aws/iam-clients.ts';
import { type OfAccount, perAccount } from '../adapters/aws/per-account.ts';
import { hubAccountId, memberCredentials } from './member-accounts.ts';

export const iamClientsOfAccount: OfAccount<IamClients> = perAccount(
  { iam: iamClient, iamCreateKey: iamCreateKeyClient },
  hubAccountId,
  (account) => iamClientsWith(memberCredentials(account)),
);
