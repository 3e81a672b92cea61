/**
 * Seeds one Yandex service account with backdated static keys and,
 * optionally, the secret the rotator manages for it, in exactly the shape a
 * finished rotation leaves: AWSCURRENT holds
 * `{"Version":1,"AccessKeyId":<keyId YC…>,"SecretAccessKey":<secret>}`.
 */
import type { LocalCloud } from './start-local-cloud.ts';

export interface SeedYandexServiceAccountSpec {
  readonly serviceAccountId: string;
  readonly keys: readonly { readonly ageDays: number; readonly description?: string }[];
  /** The secret to create, holding keys[keyIndex], e.g. `access-key-rotator/yandex/<id>`. */
  readonly managedSecret?: { readonly name: string; readonly keyIndex: number };
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Replaces the account's static keys (its authorized keys stay) and the named secret.
 * @returns the AWS-style key ids (`YC…`), in `keys` order.
 */
export function seedYandexServiceAccount(
  cloud: LocalCloud,
  spec: SeedYandexServiceAccountSpec,
): { keyIds: string[] } {
  const managedIndex = spec.managedSecret?.keyIndex;
  if (managedIndex !== undefined && !spec.keys[managedIndex])
    throw new Error(`seedYandexServiceAccount: managedSecret.keyIndex ${managedIndex} names no key`);

  const { serviceAccountId } = spec;
  if (cloud.yandex.findServiceAccount(serviceAccountId))
    cloud.yandex.deleteKeysOf(serviceAccountId, 'static');
  else cloud.yandex.createServiceAccount(serviceAccountId);
  const now = Date.now();
  const keys = spec.keys.map((key) =>
    cloud.yandex.createAccessKey(serviceAccountId, {
      description: key.description,
      createdAt: new Date(now - key.ageDays * DAY_MS),
    }),
  );

  if (spec.managedSecret) {
    const { name, keyIndex } = spec.managedSecret;
    const key = keys[keyIndex];
    if (cloud.secrets.findSecret(name)) cloud.secrets.deleteSecret(name);
    cloud.secrets.createSecret({
      name,
      tags: { provider: 'yandex', principal: serviceAccountId },
      secretString: JSON.stringify({ Version: 1, AccessKeyId: key?.keyId, SecretAccessKey: key?.secret }),
    });
  }
  return { keyIds: keys.map((key) => key.keyId) };
}
