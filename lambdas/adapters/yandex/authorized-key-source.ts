/**
 * The rotator's own Yandex identity: a service-account authorized key, kept
 * as JSON in a Secrets Manager secret and read once per container.
 *
 * The private key is turned into a KeyObject at once, so what is cached and
 * passed around prints as `KeyObject { type: 'private' }`, never as PEM. No
 * error raised here quotes the secret's content.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { callAws, hasErrorName } from '../aws/transient-errors.ts';

export interface AuthorizedKey {
  /** The authorized key's id: the JWT's `kid`. */
  readonly id: string;
  /** The JWT's `iss`. */
  readonly serviceAccountId: string;
  readonly privateKey: KeyObject;
}

export type AuthorizedKeySource = () => Promise<AuthorizedKey>;

export class AuthorizedKeyError extends Error {
  override readonly name = 'AuthorizedKeyError';
}

interface AuthorizedKeyJson {
  readonly id?: unknown;
  readonly service_account_id?: unknown;
  readonly private_key?: unknown;
}

/** Yandex prefixes the PEM with a line of text ("PLEASE DO NOT REMOVE THIS LINE! ..."). */
function pemOnly(privateKey: string): string {
  const begin = privateKey.indexOf('-----BEGIN');
  return begin === -1 ? privateKey : privateKey.slice(begin);
}

/** Neither JSON.parse's nor createPrivateKey's message is kept: they can quote the input. */
export function parseAuthorizedKey(secretId: string, text: string | undefined): AuthorizedKey {
  const malformed = (what: string) =>
    new AuthorizedKeyError(`secret ${secretId} does not hold a Yandex authorized key JSON (${what})`);
  let value: AuthorizedKeyJson;
  try {
    const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) throw malformed('not a JSON object');
    value = parsed as AuthorizedKeyJson;
  } catch {
    throw malformed('not a JSON object');
  }
  const { id, service_account_id: serviceAccountId, private_key: privateKey } = value;
  if (typeof id !== 'string' || id === '') throw malformed('no id');
  if (typeof serviceAccountId !== 'string' || serviceAccountId === '')
    throw malformed('no service_account_id');
  if (typeof privateKey !== 'string') throw malformed('no private_key');
  try {
    return { id, serviceAccountId, privateKey: createPrivateKey(pemOnly(privateKey)) };
  } catch {
    throw malformed('private_key is not a PEM private key');
  }
}

/**
 * @param secretId the secret's name or ARN (`settings.yandexAuthorizedKeySecret`).
 * A failed read is not cached, so the next invocation tries again once the secret is fixed.
 */
export function authorizedKeySource(client: SecretsManagerClient, secretId: string): AuthorizedKeySource {
  let cached: Promise<AuthorizedKey> | undefined;
  const read = async (): Promise<AuthorizedKey> => {
    try {
      const { SecretString } = await callAws('SecretsManager GetSecretValue', () =>
        client.send(new GetSecretValueCommand({ SecretId: secretId })),
      );
      return parseAuthorizedKey(secretId, SecretString);
    } catch (error) {
      if (hasErrorName(error, 'ResourceNotFoundException'))
        throw new AuthorizedKeyError(`secret ${secretId} with the Yandex authorized key does not exist`);
      throw error;
    }
  };
  return () => {
    cached ??= read().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
