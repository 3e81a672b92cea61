/**
 * The AccessKeyProvider of a Lambda serving Yandex Cloud, with the IAM token
 * cache behind it. Building it makes no network call: the authorized key is
 * read and the first IAM token obtained on first use, and then reused by every
 * invocation the container serves.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RotatorSettings } from '../../config/environment.ts';
import type { FleetSettings } from '../../config/fleet-environment.ts';
import type { AccessKeyProvider } from '../../rotation/ports.ts';
import { authorizedKeySource } from './authorized-key-source.ts';
import { iamTokenProvider } from './iam-token-provider.ts';
import { operationPoller } from './operation-poller.ts';
import { yandexAccessKeyProvider } from './yandex-access-key-provider.ts';
import { yandexEndpoints } from './yandex-endpoints.ts';
import { yandexHttpClient } from './yandex-http-client.ts';

/**
 * @param settings where the rotator's authorized key is kept (`AKR_YC_AUTHORIZED_KEY_SECRET`), and the
 *   service accounts the deployment knows, which a key is looked for in by its `keyId` (none: by resource id only)
 */
export function yandexAccessKeys(
  settings: Pick<RotatorSettings, 'yandexAuthorizedKeySecret'> &
    Partial<Pick<FleetSettings, 'yandexServiceAccounts'>>,
  secrets: SecretsManagerClient,
  env: NodeJS.ProcessEnv = process.env,
): AccessKeyProvider {
  const endpoints = yandexEndpoints(env);
  const iamTokens = iamTokenProvider({
    iamEndpoint: endpoints.iam,
    authorizedKey: authorizedKeySource(secrets, settings.yandexAuthorizedKeySecret),
  });
  const http = yandexHttpClient({ tokens: iamTokens });
  const poller = operationPoller(http, { operationEndpoint: endpoints.operation });
  return yandexAccessKeyProvider({
    http,
    poller,
    iamEndpoint: endpoints.iam,
    knownServiceAccounts: settings.yandexServiceAccounts,
  });
}
