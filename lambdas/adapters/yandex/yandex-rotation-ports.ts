/**
 * The RotationPorts a Lambda serving Yandex Cloud works with, assembled once
 * per container. Building them makes no network call: the authorized key is
 * read and the first IAM token obtained on first use, and then reused by every
 * invocation the container serves.
 *
 * The secrets, the lock, the notifications and the Lambda itself stay on AWS; only the keys
 * being rotated, and the check that a new one signs, are Yandex's.
 */
import { readSettings } from '../../config/environment.ts';
import { readFleetSettings } from '../../config/fleet-environment.ts';
import type { KeyVerifier, RotationPorts } from '../../rotation/ports.ts';
import { dynamoDbClient, secretsManagerClient } from '../aws/aws-clients.ts';
import { systemClock } from '../aws/aws-rotation-ports.ts';
import { dynamoDbRotationLock } from '../aws/dynamodb-rotation-lock.ts';
import { evidenceArchiveFor } from '../aws/s3-evidence-archive.ts';
import { secretsManagerStore } from '../aws/secrets-manager-store.ts';
import { rotationNotifier } from '../notifications/rotation-notifier.ts';
import { authorizedKeySource } from './authorized-key-source.ts';
import { type IamTokenProvider, iamTokenProvider } from './iam-token-provider.ts';
import { operationPoller } from './operation-poller.ts';
import { s3KeyVerifier } from './s3-key-verifier.ts';
import { yandexAccessKeyProvider } from './yandex-access-key-provider.ts';
import { yandexEndpoints } from './yandex-endpoints.ts';
import { yandexHttpClient } from './yandex-http-client.ts';

/**
 * For deployments that cannot reach Object Storage (AKR_VERIFY_NEW_KEY=false):
 * the key was just returned by the IAM API, and only the signed check is skipped.
 */
export const skippedKeyVerifier: KeyVerifier = {
  async verify() {},
};

export interface YandexRotationPorts extends RotationPorts {
  /** The container's token cache; its `exchanges` count is what the benchmark reads. */
  readonly iamTokens: IamTokenProvider;
}

export function buildYandexRotationPorts(env: NodeJS.ProcessEnv = process.env): YandexRotationPorts {
  const settings = readSettings(env);
  const endpoints = yandexEndpoints(env);
  const iamTokens = iamTokenProvider({
    iamEndpoint: endpoints.iam,
    authorizedKey: authorizedKeySource(secretsManagerClient, settings.yandexAuthorizedKeySecret),
  });
  const http = yandexHttpClient({ tokens: iamTokens });
  const poller = operationPoller(http, { operationEndpoint: endpoints.operation });
  return {
    keys: yandexAccessKeyProvider({ http, poller, iamEndpoint: endpoints.iam }),
    secrets: secretsManagerStore(secretsManagerClient, { kmsKeyId: settings.secretsKmsKeyId }),
    verifier: settings.verifyNewKey ? s3KeyVerifier(endpoints.storage) : skippedKeyVerifier,
    lock: dynamoDbRotationLock(dynamoDbClient, settings.lockTableName, systemClock),
    clock: systemClock,
    settings,
    notifier: rotationNotifier(readFleetSettings(env)),
    archive: evidenceArchiveFor(settings),
    iamTokens,
  };
}
