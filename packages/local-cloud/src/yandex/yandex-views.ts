/**
 * The JSON the Yandex REST API returns for stored resources. Views are fresh
 * objects without secrets: the static key's secret leaves only through Create.
 */
import { stateCopy } from '../state/change-recorder.ts';
import { statusBody } from './grpc-status.ts';
import type { StoredOperation, StoredServiceAccount, StoredStaticKey } from './yandex-state.ts';

export interface AccessKeyJson {
  readonly id: string;
  readonly serviceAccountId: string;
  readonly createdAt: string;
  readonly description: string;
  readonly keyId: string;
  /** Absent while the key was never used, as in Yandex. */
  readonly lastUsedAt?: string;
}

export interface OperationJson {
  readonly id: string;
  readonly description: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly modifiedAt: string;
  readonly done: boolean;
  readonly metadata: { readonly accessKeyId: string };
  readonly error?: { readonly code: number; readonly message: string; readonly details: unknown[] };
  readonly response?: Readonly<Record<string, unknown>>;
}

export function accessKeyJson(key: StoredStaticKey): AccessKeyJson {
  const { id, serviceAccountId, createdAt, description, keyId, lastUsedAt } = key;
  return {
    id,
    serviceAccountId,
    createdAt,
    description,
    keyId,
    ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
  };
}

export function operationJson(operation: StoredOperation): OperationJson {
  const { id, description, createdAt, createdBy, modifiedAt, done, accessKeyId, error, response } = operation;
  return {
    id,
    description,
    createdAt,
    createdBy,
    modifiedAt,
    done,
    metadata: { accessKeyId },
    // Exactly one of error/response once done, as the Operation contract promises.
    ...(error ? { error: statusBody(error.code, error.message) } : {}),
    ...(!error && response ? { response: stateCopy(response) } : {}),
  };
}

export interface YandexServiceAccount {
  readonly id: string;
  readonly createdAt: string;
  readonly authorizedKeyIds: readonly string[];
}

export function accountView(account: StoredServiceAccount): YandexServiceAccount {
  return {
    id: account.id,
    createdAt: account.createdAt,
    authorizedKeyIds: Object.keys(account.authorizedKeys),
  };
}
