/**
 * Identifiers shaped like the ones IAM issues, so code that checks their form
 * (length, prefix, alphabet) behaves as it would against AWS.
 */
import { randomBytes, randomInt } from 'node:crypto';

// IAM unique ids use upper-case base32-like characters.
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomId(prefix: string, length: number): string {
  let id = prefix;
  while (id.length < length) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** 20 characters starting with AKIA, like a long-term user access key. */
export function newAccessKeyId(): string {
  return randomId('AKIA', 20);
}

/** 40 characters from the base64 alphabet, like an IAM secret access key. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** 21 characters starting with AIDA, like an IAM user's unique id. */
export function newUserId(): string {
  return randomId('AIDA', 21);
}

/** 21 characters starting with AROA, like an IAM role's unique id. */
export function newRoleId(): string {
  return randomId('AROA', 21);
}

/** 20 characters starting with ASIA, like the access key id of temporary credentials. */
export function newSessionKeyId(): string {
  return randomId('ASIA', 20);
}

/** 21 characters starting with AGPA, like an IAM group's unique id. */
export function newGroupId(): string {
  return randomId('AGPA', 21);
}

export function groupArn(accountId: string, path: string, groupName: string): string {
  return `arn:aws:iam::${accountId}:group${path}${groupName}`;
}

export function userArn(accountId: string, path: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user${path}${userName}`;
}
