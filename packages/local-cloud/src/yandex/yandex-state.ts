/**
 * The Yandex section of the cloud state. Plain JSON only (ISO date strings,
 * records), like the AWS sections, so another instance can serve it.
 */

export interface StoredAuthorizedKey {
  id: string;
  serviceAccountId: string;
  createdAt: string;
  keyAlgorithm: 'RSA_2048';
  /** SPKI PEM. The private half is never kept here: only the holder of the key JSON has it. */
  publicKey: string;
}

export interface StoredServiceAccount {
  id: string;
  createdAt: string;
  /** Keyed by authorized key id (the JWT `kid`). */
  authorizedKeys: Record<string, StoredAuthorizedKey>;
}

export interface StoredStaticKey {
  /** The resource id that goes in the REST path. */
  id: string;
  serviceAccountId: string;
  createdAt: string;
  description: string;
  /** The AWS-style key id (YC…) used in SigV4. */
  keyId: string;
  secret: string;
  lastUsedAt?: string;
}

export interface StoredOperationStatus {
  code: number;
  message: string;
}

export interface StoredOperation {
  id: string;
  description: string;
  createdAt: string;
  createdBy: string;
  modifiedAt: string;
  done: boolean;
  kind: 'update' | 'delete';
  accessKeyId: string;
  /** When the operation completes, whoever looks first. */
  completeAt: string;
  /** Update only: the description to apply on completion. */
  newDescription?: string;
  /** An injected fault: the operation completes with this error and changes nothing. */
  plannedError?: StoredOperationStatus;
  error?: StoredOperationStatus;
  /** The AccessKey (update) or `{}` (delete), set on success. */
  response?: Record<string, unknown>;
}

export interface StoredIamToken {
  serviceAccountId: string;
  expiresAt: string;
}

export interface YandexState {
  serviceAccounts: Record<string, StoredServiceAccount>;
  /** Keyed by resource id. */
  accessKeys: Record<string, StoredStaticKey>;
  operations: Record<string, StoredOperation>;
  /** Keyed by the SHA-256 (hex) of the token, so the state never holds a usable bearer token. */
  tokens: Record<string, StoredIamToken>;
}

export function emptyYandexState(): YandexState {
  return { serviceAccounts: {}, accessKeys: {}, operations: {}, tokens: {} };
}
