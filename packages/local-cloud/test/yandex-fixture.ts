/**
 * Helpers for the Yandex side of the local cloud: a rotator identity whose
 * private key comes from the seeded secret (as the rotator reads it), JWTs
 * signed with jose, and a `fetch` wrapper for the REST calls.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { type LocalCloud, seedYandexRotatorIdentity, YANDEX_TOKEN_AUDIENCE } from '../src/index.ts';

export const AUTHORIZED_KEY_SECRET = 'access-key-rotator/yandex-authorized-key';

export interface RotatorIdentity {
  readonly serviceAccountId: string;
  readonly authorizedKeyId: string;
  readonly privateKey: KeyObject;
}

/** Seeds the identity and reads its private key back from the secret, as the rotator would. */
export function seedIdentity(cloud: LocalCloud): RotatorIdentity {
  const seeded = seedYandexRotatorIdentity(cloud, { secretName: AUTHORIZED_KEY_SECRET });
  const keyJson = JSON.parse(cloud.secrets.getSecretValue(AUTHORIZED_KEY_SECRET).secretString ?? '{}');
  return { ...seeded, privateKey: createPrivateKey(keyJson.private_key) };
}

export interface JwtOverrides {
  readonly alg?: string;
  readonly kid?: string;
  readonly iss?: string;
  readonly aud?: string;
  /** Seconds relative to now. */
  readonly iatOffset?: number;
  readonly expOffset?: number;
  readonly signingKey?: KeyObject;
}

export async function signJwt(identity: RotatorIdentity, overrides: JwtOverrides = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: overrides.iss ?? identity.serviceAccountId,
    aud: overrides.aud ?? YANDEX_TOKEN_AUDIENCE,
    iat: now + (overrides.iatOffset ?? 0),
    exp: now + (overrides.expOffset ?? 3600),
  })
    .setProtectedHeader({
      typ: 'JWT',
      alg: overrides.alg ?? 'PS256',
      kid: overrides.kid ?? identity.authorizedKeyId,
    })
    .sign(overrides.signingKey ?? identity.privateKey);
}

export function otherRsaKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

export interface YcResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON members
  readonly body: any;
}

export async function yc(
  cloud: LocalCloud,
  method: string,
  path: string,
  options: { readonly token?: string; readonly body?: unknown; readonly rawBody?: string } = {},
): Promise<YcResponse> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${cloud.endpoint}${path}`, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A bearer token obtained through the real exchange. */
export async function iamToken(cloud: LocalCloud, identity: RotatorIdentity): Promise<string> {
  const exchanged = await yc(cloud, 'POST', '/iam/v1/tokens', { body: { jwt: await signJwt(identity) } });
  if (exchanged.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(exchanged.body)}`);
  return exchanged.body.iamToken;
}

/** Polls GET /operations/{id} until done, as the Yandex SDKs do (faster here). */
export async function awaitOperation(
  cloud: LocalCloud,
  token: string,
  operationId: string,
): Promise<YcResponse> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const polled = await yc(cloud, 'GET', `/operations/${operationId}`, { token });
    if (polled.status !== 200 || polled.body.done || Date.now() > deadline) return polled;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const ACCESS_KEYS_PATH = '/iam/aws-compatibility/v1/accessKeys';
