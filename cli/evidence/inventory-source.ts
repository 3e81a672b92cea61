/**
 * The inventory's sources, built from the real clients the rotator itself
 * uses: the AWS SDK (which reads AWS_ENDPOINT_URL, so the local cloud,
 * LocalStack or a real account answer the same calls) and the Yandex IAM
 * REST client (YC_ENDPOINT_URL), signed in with the rotator's authorized key.
 * Only read calls are made.
 *
 * Clients are created here, when the command runs, not at import: the
 * endpoint variables are set by `--local` just before.
 */
import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type CollectOptions, collectInventory } from '../../evidence/model/collect-inventory.ts';
import type { PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { globalServiceRegion } from '../../lambdas/adapters/aws/global-service-region.ts';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { iamFleetDirectory } from '../../lambdas/adapters/aws/iam-fleet-directory.ts';
import { authorizedKeySource } from '../../lambdas/adapters/yandex/authorized-key-source.ts';
import { iamTokenProvider } from '../../lambdas/adapters/yandex/iam-token-provider.ts';
import { operationPoller } from '../../lambdas/adapters/yandex/operation-poller.ts';
import { yandexAccessKeyProvider } from '../../lambdas/adapters/yandex/yandex-access-key-provider.ts';
import { yandexEndpoints } from '../../lambdas/adapters/yandex/yandex-endpoints.ts';
import { yandexFleetDirectory } from '../../lambdas/adapters/yandex/yandex-fleet-directory.ts';
import { yandexHttpClient } from '../../lambdas/adapters/yandex/yandex-http-client.ts';
import { ENV, OPT_IN_TAG_OFF, readSettings } from '../../lambdas/config/environment.ts';
import { readFleetSettings } from '../../lambdas/config/fleet-environment.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';

/** The SDK's own retry, adaptive (client-side rate limiting) and patient: IAM throttles reads too. */
export const THROTTLE_SAFE = {
  maxAttempts: 10,
  retryMode: 'adaptive',
  requestHandler: boundedRequestHandler(),
} as const;

export interface InventoryRequest {
  readonly provider: Provider;
  /** Yandex: the service accounts in scope (the fleet's configured ones, and those seen rotated). */
  readonly yandexServiceAccounts: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /**
   * AWS: whose IAM to read, e.g. a member account's role session.
   * @default - the SDK's default chain: the hub's own credentials
   */
  readonly credentials?: IAMClientConfig['credentials'];
}

function awsSource(env: NodeJS.ProcessEnv, credentials: IAMClientConfig['credentials']) {
  const iam = new IAMClient({
    region: globalServiceRegion(env),
    ...THROTTLE_SAFE,
    ...(credentials !== undefined && { credentials }),
  });
  const keys = iamAccessKeyProvider(iam);
  // Every user under the path, opted in or not: a key nobody rotates is exactly what an audit must see.
  const settings = readSettings({ ...env, AKR_PROVIDER: 'aws', [ENV.optInTag]: OPT_IN_TAG_OFF });
  return { directory: iamFleetDirectory(iam, keys, settings), keys, close: () => iam.destroy() };
}

function yandexSource(env: NodeJS.ProcessEnv, serviceAccounts: readonly string[]) {
  const settings = readSettings({ ...env, AKR_PROVIDER: 'yandex' });
  const endpoints = yandexEndpoints(env);
  const secrets = new SecretsManagerClient({ ...THROTTLE_SAFE });
  const tokens = iamTokenProvider({
    iamEndpoint: endpoints.iam,
    authorizedKey: authorizedKeySource(secrets, settings.yandexAuthorizedKeySecret),
  });
  const http = yandexHttpClient({ tokens });
  const poller = operationPoller(http, { operationEndpoint: endpoints.operation });
  const keys = yandexAccessKeyProvider({ http, poller, iamEndpoint: endpoints.iam });
  const directory = yandexFleetDirectory(serviceAccounts, keys, settings);
  return { directory, keys, close: () => secrets.destroy() };
}

export async function readInventory(
  request: InventoryRequest,
  options: CollectOptions = {},
): Promise<PrincipalKeys[]> {
  const env = request.env ?? process.env;
  const source =
    request.provider === 'yandex'
      ? yandexSource(env, request.yandexServiceAccounts)
      : awsSource(env, request.credentials);
  try {
    return await collectInventory({ ...source, exemptions: readFleetSettings(env) }, options);
  } finally {
    source.close();
  }
}
