/**
 * Seeds the rotator's own Yandex identity: a service account with a fresh
 * RSA-2048 authorized key whose public half is registered here, and whose
 * key JSON, exactly as Yandex issues it, is stored in a Secrets Manager
 * secret for the rotator to sign its token-exchange JWTs with.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { LocalCloud } from './start-local-cloud.ts';

export interface SeedYandexRotatorIdentitySpec {
  /** The secret's name, e.g. `access-key-rotator/yandex-authorized-key`. */
  readonly secretName: string;
  /** @default DEFAULT_ROTATOR_SERVICE_ACCOUNT_ID, so calling again replaces rather than adds */
  readonly serviceAccountId?: string;
}

/** A fixed id, shaped like Yandex's (`aje` + 17 lowercase alphanumerics). */
export const DEFAULT_ROTATOR_SERVICE_ACCOUNT_ID = 'ajeakrrotator0000001';

/** The line Yandex puts before the PEM block of every authorized key's private key. */
function privateKeyHeader(keyId: string): string {
  return `PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <${keyId}>\n`;
}

/** Idempotent: a second call replaces the account's authorized keys and the secret. */
export function seedYandexRotatorIdentity(
  cloud: LocalCloud,
  spec: SeedYandexRotatorIdentitySpec,
): { serviceAccountId: string; authorizedKeyId: string } {
  const serviceAccountId = spec.serviceAccountId ?? DEFAULT_ROTATOR_SERVICE_ACCOUNT_ID;
  if (cloud.yandex.findServiceAccount(serviceAccountId))
    cloud.yandex.deleteKeysOf(serviceAccountId, 'authorized');
  else cloud.yandex.createServiceAccount(serviceAccountId);

  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const registered = cloud.yandex.addAuthorizedKey(serviceAccountId, publicPem);
  const keyJson = {
    id: registered.id,
    service_account_id: serviceAccountId,
    created_at: registered.createdAt,
    key_algorithm: registered.keyAlgorithm,
    public_key: publicPem,
    private_key:
      privateKeyHeader(registered.id) + privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };

  // Untagged on purpose: the rotator finds the secrets it manages by their provider/principal tags.
  if (cloud.secrets.findSecret(spec.secretName)) cloud.secrets.deleteSecret(spec.secretName);
  cloud.secrets.createSecret({ name: spec.secretName, secretString: JSON.stringify(keyJson) });
  return { serviceAccountId, authorizedKeyId: registered.id };
}
