/**
 * Every client of each account at once, for a step that needs both IAM and
 * Secrets Manager of one account. Steps that need one service import its
 * module alone (account-iam-clients.ts, account-secrets-manager-clients.ts),
 * so they load no other SDK.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { IamClients } from '../adapters/aws/iam-clients.ts';
import type { OfAccount } from '../adapters/aws/per-account.ts';
import { iamClientsOfAccount } from './account-iam-clients.ts';
import { secretsManagerClientOfAccount } from './account-secrets-manager-clients.ts';

export { accountScope, hubAccountId } from './member-accounts.ts';

export interface AccountClients extends IamClients {
  readonly secretsManager: SecretsManagerClient;
}

export const clientsOfAccount: OfAccount<AccountClients> = (account) => ({
  ...iamClientsOfAccount(account),
  secretsManager: secretsManagerClientOfAccount(account),
});
