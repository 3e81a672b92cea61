/**
 * The IAM tokens issued by the local token exchange. Only a digest of each
 * token is kept, so the state never holds a usable bearer token, yet a
 * second instance on the same state accepts tokens the first one issued.
 */
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import { notFound } from './grpc-status.ts';
import { IAM_TOKEN_LIFETIME_MS } from './yandex-constants.ts';
import { newIamToken, tokenDigest } from './yandex-ids.ts';

export interface IssuedIamToken {
  readonly iamToken: string;
  /** RFC 3339. */
  readonly expiresAt: string;
}

export class IamTokenRegistry {
  readonly #state: CloudStateStore;

  constructor(state: CloudStateStore) {
    this.#state = state;
  }

  /** @param options.expiresAt default: now + 12 h; a past date makes an already expired token (for tests). */
  issue(serviceAccountId: string, options: { readonly expiresAt?: Date } = {}): IssuedIamToken {
    return this.#state.mutate(({ yandex }) => {
      if (!yandex.serviceAccounts[serviceAccountId])
        throw notFound(`Service account ${serviceAccountId} not found`);
      const now = Date.now();
      // Expired tokens are useless; dropping them keeps the state small.
      for (const [digest, token] of Object.entries(yandex.tokens))
        if (Date.parse(token.expiresAt) <= now) delete yandex.tokens[digest];
      const iamToken = newIamToken();
      const expiresAt = (options.expiresAt ?? new Date(now + IAM_TOKEN_LIFETIME_MS)).toISOString();
      yandex.tokens[tokenDigest(iamToken)] = { serviceAccountId, expiresAt };
      return { iamToken, expiresAt };
    });
  }

  /**
   * Revokes every token issued so far (for tests): a client's cached token then
   * gets 401, so its next call exchanges a JWT anew, where a fault can meet it.
   * @returns how many tokens were revoked.
   */
  revokeAll(): number {
    return this.#state.mutate(({ yandex }) => {
      const count = Object.keys(yandex.tokens).length;
      yandex.tokens = {};
      return count;
    });
  }

  /** The service account the token was issued to; undefined if unknown or expired. */
  ownerOf(iamToken: string): string | undefined {
    const token = this.#state.read().yandex.tokens[tokenDigest(iamToken)];
    return token && Date.parse(token.expiresAt) > Date.now() ? token.serviceAccountId : undefined;
  }
}
