/**
 * Where the rotated credentials are kept, for either provider: Secrets
 * Manager, new secrets encrypted with the configured KMS key.
 */

import { secretsManagerClient } from '../adapters/aws/secrets-manager-client.ts';
import { secretsManagerStore } from '../adapters/aws/secrets-manager-store.ts';
import { rotatorSettings } from '../config/container-settings.ts';
import type { SecretStore } from '../rotation/ports.ts';

export const secretStore: SecretStore = secretsManagerStore(secretsManagerClient, {
  kmsKeyId: rotatorSettings.secretsKmsKeyId,
});
