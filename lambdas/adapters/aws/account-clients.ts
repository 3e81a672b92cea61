/**
 * The SDK clients of one AWS account: IAM (and its single-attempt twin for
 * CreateAccessKey, see iam-clients.ts) and Secrets Manager. The hub's are the
 * container's own clients, unchanged; a member account's are built on first
 * use with the member role's credentials and kept for the container's life,
 * so their connections and their one shared session are reused.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { globalServiceRegion } from './global-service-region.ts';
import type { MemberAccountCredentials } from './member-account-credentials.ts';

export interface AccountClients {
  readonly iam: IAMClient;
  /** CreateAccessKey only: one attempt, so a lost answer never leaves a second key. */
  readonly iamCreateKey: IAMClient;
  readonly secretsManager: SecretsManagerClient;
}

/** @param account undefined or the hub's id: the hub's clients. */
export type ClientsOfAccount = (account: string | undefined) => AccountClients;

export function accountClients(
  hub: AccountClients,
  hubAccountId: string | undefined,
  credentials: MemberAccountCredentials,
): ClientsOfAccount {
  const members = new Map<string, AccountClients>();
  return (account) => {
    if (account === undefined || account === hubAccountId) return hub;
    let clients = members.get(account);
    if (clients === undefined) {
      const provider = credentials(account);
      clients = {
        iam: new IAMClient({
          region: globalServiceRegion(),
          requestHandler: boundedRequestHandler(),
          credentials: provider,
        }),
        iamCreateKey: new IAMClient({
          region: globalServiceRegion(),
          maxAttempts: 1,
          requestHandler: boundedRequestHandler(),
          credentials: provider,
        }),
        // The hub's region: a member secret lives where the hub's would.
        secretsManager: new SecretsManagerClient({
          requestHandler: boundedRequestHandler(),
          credentials: provider,
        }),
      };
      members.set(account, clients);
    }
    return clients;
  };
}
