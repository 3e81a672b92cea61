/**
 * IAM tokens for the rotator's service account, cached per container.
 *
 * A token lives up to 12 h, so a warm container exchanges a JWT for one at
 * most once per token lifetime: the token is reused until shortly before it
 * expires, and callers that arrive while an exchange is running share it.
 */
import { SignJWT } from 'jose';
import type { AuthorizedKey, AuthorizedKeySource } from './authorized-key-source.ts';
import { IAM_TOKEN_AUDIENCE } from './yandex-endpoints.ts';
import { type FetchLike, sendJson } from './yandex-json-request.ts';
import { type RetryPolicy, retryPolicy } from './yandex-retry-policy.ts';

/** What the HTTP client needs: a token, and a way to drop one the API refused. */
export interface IamTokenSource {
  token(): Promise<string>;
  /** Forgets `token` if it is still the cached one, so the next call exchanges anew. */
  invalidate(token: string): void;
}

export interface IamTokenProvider extends IamTokenSource {
  /** JWT-for-token exchanges this provider has made (the benchmark reads it). */
  readonly exchanges: number;
}

export interface IamTokenProviderOptions {
  /** Base URL of the IAM API (`yandexEndpoints().iam`). */
  readonly iamEndpoint: string;
  readonly authorizedKey: AuthorizedKeySource;
  /** @default the global fetch, looked up per call */
  readonly fetch?: FetchLike;
  /** @default Date.now */
  readonly now?: () => number;
  /** How long before `expiresAt` a token is replaced. @default 5 minutes */
  readonly refreshMarginMs?: number;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
}

interface CachedToken {
  readonly token: string;
  readonly refreshAtMs: number;
}

interface TokenResponse {
  readonly iamToken?: unknown;
  readonly expiresAt?: unknown;
}

/** The longest JWT lifetime the token service accepts; the JWT is spent within seconds anyway. */
export const JWT_LIFETIME_SECONDS = 3600;

/**
 * The JWT the service account signs to obtain a token. Yandex accepts only
 * PS256 and needs the authorized key's id in `kid` to pick the public key.
 * @param nowMs the signing time, injectable so tests can check `iat` and `exp`.
 */
export async function serviceAccountJwt(key: AuthorizedKey, nowMs: number): Promise<string> {
  const issuedAt = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ typ: 'JWT', alg: 'PS256', kid: key.id })
    .setIssuer(key.serviceAccountId)
    .setAudience(IAM_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + JWT_LIFETIME_SECONDS)
    .sign(key.privateKey);
}

let exchangesInProcess = 0;

/** Exchanges made by every provider in this process: one per container is the goal. */
export function iamTokenExchangeCount(): number {
  return exchangesInProcess;
}

/**
 * Refresh `margin` before expiry, but never in the first half of a token's
 * life: an emulator issuing short-lived tokens must not cause an exchange per call.
 */
function refreshAt(issuedAtMs: number, expiresAtMs: number, marginMs: number): number {
  return Math.max(expiresAtMs - marginMs, issuedAtMs + (expiresAtMs - issuedAtMs) / 2);
}

export function iamTokenProvider(options: IamTokenProviderOptions): IamTokenProvider {
  const now = options.now ?? Date.now;
  const marginMs = options.refreshMarginMs ?? 5 * 60_000;
  const transport = {
    fetch: options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init)),
    policy: retryPolicy(options.retry),
  };
  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;
  let exchanges = 0;

  async function exchange(): Promise<string> {
    const key = await options.authorizedKey();
    const issuedAtMs = now();
    exchanges += 1;
    exchangesInProcess += 1;
    const response = await sendJson<TokenResponse>(
      {
        method: 'POST',
        url: `${options.iamEndpoint}/iam/v1/tokens`,
        operation: `Yandex IAM token exchange for service account ${key.serviceAccountId}`,
        body: { jwt: await serviceAccountJwt(key, issuedAtMs) },
        // Minting a second token is harmless, and the JWT stays valid for an hour.
        idempotent: true,
        keepServerMessage: false,
      },
      transport,
    );
    const expiresAtMs = typeof response.expiresAt === 'string' ? Date.parse(response.expiresAt) : Number.NaN;
    if (typeof response.iamToken !== 'string' || response.iamToken === '' || Number.isNaN(expiresAtMs))
      throw new Error(`Yandex IAM token exchange for ${key.serviceAccountId} returned no token or expiry`);
    cached = { token: response.iamToken, refreshAtMs: refreshAt(issuedAtMs, expiresAtMs, marginMs) };
    return response.iamToken;
  }

  return {
    get exchanges() {
      return exchanges;
    },

    token() {
      if (cached && now() < cached.refreshAtMs) return Promise.resolve(cached.token);
      inFlight ??= exchange().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },

    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
