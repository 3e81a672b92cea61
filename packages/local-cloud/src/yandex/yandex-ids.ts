/**
 * Identifiers shaped like the ones Yandex Cloud issues, so code that checks
 * their form (prefix, length, alphabet) behaves as it would against Yandex.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
// Static key ids and secrets mix cases, digits, '-' and '_'.
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomFrom(alphabet: string, length: number): string {
  let text = '';
  while (text.length < length) text += alphabet[randomInt(alphabet.length)];
  return text;
}

/** 20 lowercase alphanumerics starting with `aje`, the IAM resource prefix (keys, accounts, operations). */
export function newResourceId(): string {
  return `aje${randomFrom(LOWER_ALNUM, 17)}`;
}

/** 25 characters starting with `YC`, like a static access key's AWS-style id. */
export function newStaticKeyId(): string {
  return `YC${randomFrom(KEY_ALPHABET, 23)}`;
}

/** 40 characters, like a static access key's secret. */
export function newStaticKeySecret(): string {
  return `YC${randomFrom(KEY_ALPHABET, 38)}`;
}

/** An IAM token: `t1.` and a long opaque tail. */
export function newIamToken(): string {
  return `t1.${randomBytes(72).toString('base64url')}`;
}

/** How a token is stored and looked up: never the token itself. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
