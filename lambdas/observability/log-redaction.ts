/**
 * The logger's last line of defence for invariant 2. The steps log only ids
 * (step-log-fields.ts), but a future `logger.info('…', { result })` must still
 * not print a credential: every log line is serialized through `redactSecrets`,
 * which drops the value of any field named like a secret, at any depth, and
 * masks strings shaped like a credential wherever they appear: AWS and Yandex
 * secret keys, PEM keys, JWTs, tokens, and the value after a credential's name
 * inside a serialized document. A failing step's error is masked the same way
 * before it leaves the function (redactError), so the execution history's
 * cause holds no credential either.
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

/**
 * A credential serialized into a string (a JSON document, a query string, an
 * SDK message quoting its input): the value after a credential's name is
 * masked, the name kept. Quotes may be JSON-escaped when the string was
 * serialized twice. Only names no id is ever called: `token` alone would
 * also catch `nextToken`.
 */
const SERIALIZED_CREDENTIAL =
  /((?:aws_?)?secret_?access_?key|secret_?key|secret_?string|session_?token|security_?token|private_?key|iam_?token|access_?token|password)(\\*["']?\s*[:=]\s*\\*["']?)(?!\[REDACTED\])(?:\\[^"']|[^\s"'\\,;&}])+/gi;

/**
 * An AWS secret access key: 40 characters of the base64 alphabet, standing
 * alone. It must mix upper case, lower case and digits, as a random key does,
 * so that a hex digest (a SHA-1 is 40 hex characters) stays readable. A
 * longer run of base64 (a blob, a signature) is something else and stays.
 */
const AWS_SECRET_CANDIDATE = /(?<![\w+/])[A-Za-z0-9+/]{40}(?![\w+/=])/g;

function looksRandom(text: string): boolean {
  return /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text);
}

/** Credential shapes that are unambiguous in free text (a message, an error, a URL). */
const SECRET_PATTERNS: readonly RegExp[] = [
  // Yandex static key secrets: `YC` and 38 more of the key alphabet (their ids are 25 long).
  /(?<![\w-])YC[\w-]{38}(?![\w-])/g,
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
  const masked = SECRET_PATTERNS.reduce((result, pattern) => result.replace(pattern, REDACTED), text)
    .replace(
      SERIALIZED_CREDENTIAL,
      (_match, name: string, separator: string) => `${name}${separator}${REDACTED}`,
    )
    .replace(AWS_SECRET_CANDIDATE, (candidate) => (looksRandom(candidate) ? REDACTED : candidate));
  return masked;
}

/**
 * Masks the error's message and stack in place. A thrown error leaves the
 * function as its name, message and stack: that is the Step Functions
 * `Cause`, kept in the execution history for 90 days. An SDK error that is
 * not transient reaches it unchanged, and its message may quote the request.
 */
export function redactError(error: unknown): void {
  if (!(error instanceof Error)) return;
  const message = redactText(error.message);
  if (message !== error.message) error.message = message;
  if (typeof error.stack === 'string') {
    const stack = redactText(error.stack);
    if (stack !== error.stack) error.stack = stack;
  }
}

/** A JSON.stringify replacer (Powertools' `jsonReplacerFn`) applying both rules. */
export function redactSecrets(key: string, value: unknown): unknown {
  if (key !== '' && isSecretField(key) && value !== undefined && value !== null) return REDACTED;
  return typeof value === 'string' ? redactText(value) : value;
}
