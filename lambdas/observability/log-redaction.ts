/**
 * The logger's last line of defence for invariant 2. The steps log only ids
 * (step-log-fields.ts), but a future `logger.info('…', { result })` must still
 * not print a credential: every log line is serialized through `redactSecrets`,
 * which drops the value of any field named like a secret, at any depth, and
 * masks strings shaped like a credential wherever they appear.
 *
 * Names are compared without case, `_` or `-`, so `SecretAccessKey`,
 * `secret_access_key` and `secretAccessKey` are one name. Ids stay readable:
 * `AccessKeyId`, `newKeyId`, `secretName` and `secretVersionId` are not secrets.
 */

export const REDACTED = '[REDACTED]';

/** Fields whose value is a credential, whatever it looks like. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'secret',
  'secretaccesskey',
  'secretkey',
  'secretstring',
  'secretbinary',
  'sessiontoken',
  'privatekey',
  'iamtoken',
  'accesstoken',
  'token',
  'jwt',
  'password',
  'authorization',
]);

/** Credential shapes that are unambiguous in free text (a message, an error, a URL). */
const SECRET_PATTERNS: readonly RegExp[] = [
  // PEM private keys (the Yandex authorized key), whole blocks or a cut-off start.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  // JWTs: header and payload are base64url JSON, so both start with `eyJ`.
  /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g,
  // Yandex IAM tokens.
  /\bt1\.[\w-]{20,}/g,
  // Bearer credentials in a header that found its way into a message.
  /\bBearer\s+[\w.~+/=-]+/gi,
];

function normalized(field: string): string {
  return field.toLowerCase().replace(/[_-]/g, '');
}

/** True for a field whose value must never be logged. */
export function isSecretField(field: string): boolean {
  const name = normalized(field);
  return SECRET_FIELDS.has(name) || name.endsWith('secretaccesskey') || name.endsWith('privatekey');
}

/** `text` with every credential-shaped part masked. */
export function redactText(text: string): string {
  return SECRET_PATTERNS.reduce((masked, pattern) => masked.replace(pattern, REDACTED), text);
}

/** A JSON.stringify replacer (Powertools' `jsonReplacerFn`) applying both rules. */
export function redactSecrets(key: string, value: unknown): unknown {
  if (key !== '' && isSecretField(key) && value !== undefined && value !== null) return REDACTED;
  return typeof value === 'string' ? redactText(value) : value;
}
