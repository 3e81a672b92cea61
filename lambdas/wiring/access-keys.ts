/**
 * The access keys this deployment rotates, for the provider it serves
 * (AKR_PROVIDER), built once per container without a network call.
 *
 * On AWS a principal is the hub's user (`alice`, today's clients) or a member
 * account's (`111122223333/alice`, that account's clients, built when it is
 * first seen and kept for the container's life).
 *
 * Both providers' adapters are in the bundle, since the provider is read from
 * the environment at cold start; only the chosen adapter is built. So an AWS
 * container also loads the Secrets Manager SDK (where Yandex's authorized key
 * is kept) and a Yandex one the IAM SDK, even in a step that has no other use
 * for them.
 */

import { accountAccessKeys } from '../adapters/aws/account-access-keys.ts';
import { iamAccessKeyProvider } from '../adapters/aws/iam-access-key-provider.ts';
import { iamClient, iamCreateKeyClient } from '../adapters/aws/iam-clients.ts';
import { perAccount } from '../adapters/aws/per-account.ts';
import { secretsManagerClient } from '../adapters/aws/secrets-manager-client.ts';
import { yandexAccessKeys } from '../adapters/yandex/yandex-access-keys.ts';
import { fleetSettings, rotatorSettings } from '../config/container-settings.ts';
import type { AccessKeyProvider } from '../rotation/ports.ts';
import { iamClientsOfAccount } from './account-iam-clients.ts';
import { hubAccountId } from './member-accounts.ts';

function awsAccessKeys(): AccessKeyProvider {
  const hub = iamAccessKeyProvider(iamClient, { createKeyClient: iamCreateKeyClient });
  const keysOf = perAccount(hub, hubAccountId, (account) => {
    const clients = iamClientsOfAccount(account);
    return iamAccessKeyProvider(clients.iam, { createKeyClient: clients.iamCreateKey, account });
  });
  return accountAccessKeys(hubAccountId, keysOf);
}

export const accessKeys: AccessKeyProvider =
  rotatorSettings.provider === 'yandex'
    ? yandexAccessKeys(
        { ...rotatorSettings, yandexServiceAccounts: fleetSettings.yandexServiceAccounts },
        secretsManagerClient,
      )
    : awsAccessKeys();
