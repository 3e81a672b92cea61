/**
 * Where the rotated credentials are kept, for either provider: Secrets
 * Manager, new secrets encrypted with the configured KMS key. A member
 * principal's secret is in the hub too, unless AKR_SECRET_LOCATION=member
 * keeps it in its own account, encrypted with that account's default key
 * (the hub's KMS key is not the member's to use).
 */

import { accountSecretStore } from '../adapters/aws/account-secret-store.ts';
import { perAccount } from '../adapters/aws/per-account.ts';
import { secretsManagerClient } from '../adapters/aws/secrets-manager-client.ts';
import { secretsManagerStore } from '../adapters/aws/secrets-manager-store.ts';
import { rotatorSettings } from '../config/container-settings.ts';
import type { SecretStore } from '../rotation/ports.ts';
import { secretsManagerClientOfAccount } from './account-secrets-manager-clients.ts';
import { accountScope, hubAccountId } from './member-accounts.ts';

const hub = secretsManagerStore(secretsManagerClient, { kmsKeyId: rotatorSettings.secretsKmsKeyId });

const storeOf = perAccount(hub, hubAccountId, (account) =>
  secretsManagerStore(secretsManagerClientOfAccount(account), { kmsKeyId: undefined }),
);

export const secretStore: SecretStore = accountSecretStore({
  hub,
  memberStore: storeOf,
  secretNamePrefix: rotatorSettings.secretNamePrefix,
  location: accountScope.secretLocation,
  hubAccountId,
});
