/**
 * `POST /iam/v1/tokens`: trades a service account's signed JWT for an IAM
 * token, with the checks Yandex IAM makes: PS256 only, a registered authorized
 * key as `kid`, a valid RSA-PSS signature, `iss` = the key's owner, the exact
 * audience, a live `exp` and at most an hour between `iat` and `exp`.
 */
import { constants, createPublicKey, verify } from 'node:crypto';
import type { JsonInput } from '../http/call-context.ts';
import { invalidArgument, unauthenticated } from './grpc-status.ts';
import type { IssuedIamToken } from './iam-token-registry.ts';
import {
  JWT_CLOCK_SKEW_SECONDS,
  JWT_MAX_LIFETIME_SECONDS,
  YANDEX_TOKEN_AUDIENCE,
} from './yandex-constants.ts';
import type { YandexAuthorizedKey, YandexStore } from './yandex-store.ts';

/** RFC 7518 fixes PS256's salt at the hash length. */
const PS256_SALT_LENGTH = 32;

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw unauthenticated(`Invalid JWT: the ${what} is not a JSON object`);
}

function signatureValid(segments: readonly string[], key: YandexAuthorizedKey): boolean {
  const [header = '', payload = '', signature = ''] = segments;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    {
      key: createPublicKey(key.publicKey),
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: PS256_SALT_LENGTH,
    },
    Buffer.from(signature, 'base64url'),
  );
}

function checkClaims(claims: Record<string, unknown>, key: YandexAuthorizedKey, now: Date): void {
  const { iss, aud, iat, exp } = claims;
  if (iss !== key.serviceAccountId)
    throw unauthenticated(`Invalid JWT: iss must be the service account ${key.serviceAccountId}`);
  if (aud !== YANDEX_TOKEN_AUDIENCE)
    throw unauthenticated(`Invalid JWT: aud must be ${YANDEX_TOKEN_AUDIENCE}`);
  if (typeof iat !== 'number' || typeof exp !== 'number')
    throw unauthenticated('Invalid JWT: iat and exp must be numeric dates');
  const nowSeconds = now.getTime() / 1000;
  if (exp <= nowSeconds) throw unauthenticated('Invalid JWT: the token has expired');
  if (iat > nowSeconds + JWT_CLOCK_SKEW_SECONDS) throw unauthenticated('Invalid JWT: iat is in the future');
  if (exp <= iat || exp - iat > JWT_MAX_LIFETIME_SECONDS)
    throw unauthenticated(
      `Invalid JWT: exp must be after iat and at most ${JWT_MAX_LIFETIME_SECONDS} s later`,
    );
}

export function exchangeJwt(body: JsonInput, store: YandexStore, now = new Date()): IssuedIamToken {
  const { jwt } = body;
  if (typeof jwt !== 'string' || jwt === '') throw invalidArgument('jwt: a signed JWT is required');
  const segments = jwt.split('.');
  if (segments.length !== 3) throw unauthenticated('Invalid JWT: expected three segments');
  const header = decodeSegment(segments[0] ?? '', 'header');
  if (header.alg !== 'PS256')
    throw unauthenticated(`Invalid JWT: algorithm ${String(header.alg)} is not supported, use PS256`);
  const key = typeof header.kid === 'string' ? store.findAuthorizedKey(header.kid) : undefined;
  if (!key) throw unauthenticated(`Invalid JWT: unknown key id ${String(header.kid)}`);
  if (!signatureValid(segments, key)) throw unauthenticated('Invalid JWT: signature verification failed');
  checkClaims(decodeSegment(segments[1] ?? '', 'payload'), key, now);
  return store.tokens.issue(key.serviceAccountId);
}
