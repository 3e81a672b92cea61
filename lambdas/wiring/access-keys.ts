/**
 * The access keys this deployment rotates, for the provider it serves
 * (AKR_PROVIDER), built once per container without a network call.
 *
 * Both providers' adapters are in the bundle, since the provider is read from
 * the environment at cold start; only the chosen adapter is built. So an AWS
 * container also loads the Secrets Manager SDK (where Yandex's authorized key
 * is kept) and a Yandex one the IAM SDK, even in a step that has no other use
 * for them.
 */

import { iamAccessKeyProvider } from '../adapters/aws/iam-access-key-provider.ts';
import { iamClient, iamCreateKeyClient } from '../adapters/aws/iam-clients.ts';
import { secretsManagerClient } from '../adapters/aws/secrets-manager-client.ts';
import { yandexAccessKeys } from '../adapters/yandex/yandex-access-keys.ts';
import { rotatorSettings } from '../config/container-settings.ts';
import type { AccessKeyProvider } from '../rotation/ports.ts';

export const accessKeys: AccessKeyProvider =
  rotatorSettings.provider === 'yandex'
    ? yandexAccessKeys(rotatorSettings, secretsManagerClient)
    : iamAccessKeyProvider(iamClient, { createKeyClient: iamCreateKeyClient });
