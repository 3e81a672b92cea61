/**
 * The accounts this container reaches, read from its environment once, at
 * cold start (a misconfigured scope fails before the first invocation, naming
 * the variable), and each account's SDK clients. The hub's are today's
 * clients, so a single-account deployment builds nothing new and assumes no
 * role; a member account's are built when a principal of it is first seen.
 */
import { accountClients, type ClientsOfAccount } from '../adapters/aws/account-clients.ts';
import { iamClient, iamCreateKeyClient } from '../adapters/aws/iam-clients.ts';
import { memberAccountCredentials } from '../adapters/aws/member-account-credentials.ts';
import { secretsManagerClient } from '../adapters/aws/secrets-manager-client.ts';
import { type AccountScope, readAccountScope, readHubAccountId } from '../config/account-scope.ts';

export const accountScope: AccountScope = readAccountScope();

/** Undefined where the environment does not say (tests, older deployments): hub principals only then. */
export const hubAccountId: string | undefined = readHubAccountId();

export const clientsOfAccount: ClientsOfAccount = accountClients(
  { iam: iamClient, iamCreateKey: iamCreateKeyClient, secretsManager: secretsManagerClient },
  hubAccountId,
  memberAccountCredentials(accountScope),
);
