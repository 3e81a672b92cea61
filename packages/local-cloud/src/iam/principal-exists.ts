/**
 * Whether an IAM principal a policy names exists, as a service checks it
 * when a resource policy is put (a policy naming a user or role that does
 * not exist is refused). Only user and role ARNs of accounts this cloud
 * serves can be told; anything else (another account, an account id, a
 * session ARN, `*`) is `undefined`: not known to be missing.
 */
import type { CloudAccounts } from '../accounts/cloud-accounts.ts';
import { localAdminRoleArn } from './local-admin-role.ts';

const IAM_PRINCIPAL = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/;

export function iamPrincipalExists(accounts: CloudAccounts, arn: string): boolean | undefined {
  const match = IAM_PRINCIPAL.exec(arn);
  if (!match) return undefined;
  const [, accountId = '', kind, name = ''] = match;
  const account = accounts.find(accountId);
  if (!account) return undefined;
  if (kind === 'user') return account.iam.findUser(name)?.arn === arn;
  // The admin key's role is served by IAM without being stored.
  if (accountId === accounts.homeId && arn === localAdminRoleArn(accountId)) return true;
  return account.iam.roles.find(name)?.arn === arn;
}
