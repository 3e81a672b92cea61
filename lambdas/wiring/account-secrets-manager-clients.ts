/**
 * Each account's Secrets Manager client: the hub's is today's, a member
 * account's signs with its role's session. In a module of its own so a step
 * that keeps secrets only (Publish, VerifyKey) loads no IAM client.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type OfAccount, perAccount } from '../adapters/aws/per-account.ts';
import { secretsManagerClient, secretsManagerClientWith } from '../adapters/aws/secrets-manager-client.ts';
import { hubAccountId, memberCredentials } from './member-accounts.ts';

export const secretsManagerClientOfAccount: OfAccount<SecretsManagerClient> = perAccount(
  secretsManagerClient,
  hubAccountId,
  (account) => secretsManagerClientWith(memberCredentials(account)),
);
