/**
 * Yandex Cloud state: service accounts with their authorized keys (public
 * halves only), static access keys, operations and issued IAM tokens. Used by
 * the wire API and directly by tests and the demo for seeding and inspection.
 * Every entry point first completes the operations that are due, so a key
 * disappears at its Delete operation's completion time whoever looks.
 */
import { stateCopy } from '../state/change-recorder.ts';
import type { CloudState } from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import { GRPC, notFound, yandexError } from './grpc-status.ts';
import { IamTokenRegistry } from './iam-token-registry.ts';
import { ACCESS_KEYS_PER_CLOUD } from './yandex-constants.ts';
import { newResourceId, newStaticKeyId, newStaticKeySecret } from './yandex-ids.ts';
import { dueOperations, newOperation, type OperationSpec, settleOperations } from './yandex-operations.ts';
import type {
  StoredAuthorizedKey,
  StoredServiceAccount,
  StoredStaticKey,
  YandexState,
} from './yandex-state.ts';
import { accountView, type OperationJson, operationJson, type YandexServiceAccount } from './yandex-views.ts';

/** A static access key as stored, including its secret (for inspection and for signing in tests). */
export type YandexAccessKey = Readonly<StoredStaticKey>;
export type YandexAuthorizedKey = Readonly<StoredAuthorizedKey>;
export type { YandexServiceAccount } from './yandex-views.ts';

function existingAccount(state: YandexState, serviceAccountId: string): StoredServiceAccount {
  const account = state.serviceAccounts[serviceAccountId];
  if (!account) throw notFound(`Service account ${serviceAccountId} not found`);
  return account;
}

function byAge(a: StoredStaticKey, b: StoredStaticKey): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export class YandexStore {
  readonly #state: CloudStateStore;
  readonly #operationDelayMs: number;
  /** Bearer tokens issued by the token exchange, or directly by tests. */
  readonly tokens: IamTokenRegistry;

  constructor(state: CloudStateStore, options: { readonly operationDelayMs: number }) {
    this.#state = state;
    this.#operationDelayMs = options.operationDelayMs;
    this.tokens = new IamTokenRegistry(state);
  }

  /** Replaces nothing: refuses an id that exists (ALREADY_EXISTS). @param id default: a fresh `aje…` id */
  createServiceAccount(id = newResourceId(), createdAt = new Date()): YandexServiceAccount {
    return this.#mutate((yandex) => {
      if (yandex.serviceAccounts[id]) throw yandexError(GRPC.ALREADY_EXISTS, `Service account ${id} exists`);
      const account = { id, createdAt: createdAt.toISOString(), authorizedKeys: {} };
      yandex.serviceAccounts[id] = account;
      return accountView(account);
    });
  }

  findServiceAccount(id: string): YandexServiceAccount | undefined {
    const account = this.#read().serviceAccounts[id];
    return account && accountView(account);
  }

  /** Deletes the account with its static and authorized keys (seeding and resets). */
  deleteServiceAccount(id: string): void {
    this.#mutate((yandex) => {
      this.#dropKeys(yandex, id, 'static');
      delete yandex.serviceAccounts[id];
    });
  }

  /** Seeding: removes the account's static keys, or its authorized keys, at once (no operation). */
  deleteKeysOf(serviceAccountId: string, which: 'static' | 'authorized'): void {
    this.#mutate((yandex) => this.#dropKeys(yandex, serviceAccountId, which));
  }

  /** Registers the public half of an authorized key; JWTs with `kid` = its id are then accepted. */
  addAuthorizedKey(serviceAccountId: string, publicKeyPem: string): YandexAuthorizedKey {
    return this.#mutate((yandex) => {
      const account = existingAccount(yandex, serviceAccountId);
      const key: StoredAuthorizedKey = {
        id: newResourceId(),
        serviceAccountId,
        createdAt: new Date().toISOString(),
        keyAlgorithm: 'RSA_2048',
        publicKey: publicKeyPem,
      };
      account.authorizedKeys[key.id] = key;
      return stateCopy(key);
    });
  }

  findAuthorizedKey(id: string): YandexAuthorizedKey | undefined {
    for (const account of Object.values(this.#read().serviceAccounts)) {
      const key = account.authorizedKeys[id];
      if (key) return stateCopy(key);
    }
    return undefined;
  }

  /** @param spec.createdAt backdates the key, for seeding old keys. */
  createAccessKey(
    serviceAccountId: string,
    spec: { readonly description?: string; readonly createdAt?: Date } = {},
  ): YandexAccessKey {
    return this.#mutate((yandex) => {
      existingAccount(yandex, serviceAccountId);
      if (Object.keys(yandex.accessKeys).length >= ACCESS_KEYS_PER_CLOUD)
        throw yandexError(GRPC.RESOURCE_EXHAUSTED, 'Quota limit iam.accessKeys.count exceeded');
      const key: StoredStaticKey = {
        id: newResourceId(),
        serviceAccountId,
        createdAt: (spec.createdAt ?? new Date()).toISOString(),
        description: spec.description ?? '',
        keyId: newStaticKeyId(),
        secret: newStaticKeySecret(),
      };
      yandex.accessKeys[key.id] = key;
      return stateCopy(key);
    });
  }

  /** The account's keys, oldest first. @throws NOT_FOUND for an unknown account. */
  listAccessKeys(serviceAccountId: string): YandexAccessKey[] {
    const yandex = this.#read();
    existingAccount(yandex, serviceAccountId);
    return Object.values(yandex.accessKeys)
      .filter((key) => key.serviceAccountId === serviceAccountId)
      .sort(byAge)
      .map((key) => stateCopy(key));
  }

  /** @param id the resource id (`aje…`), as in the REST path. */
  findAccessKey(id: string): YandexAccessKey | undefined {
    const key = this.#read().accessKeys[id];
    return key && stateCopy(key);
  }

  /** @param keyId the AWS-style id (`YC…`), as in a SigV4 credential. */
  findAccessKeyByKeyId(keyId: string): YandexAccessKey | undefined {
    const key = Object.values(this.#read().accessKeys).find((candidate) => candidate.keyId === keyId);
    return key && stateCopy(key);
  }

  /** What `lastUsedAt` reports: set by each successful storage request signed with the key. */
  recordKeyUse(keyId: string, at = new Date()): void {
    this.#mutate((yandex) => {
      const key = Object.values(yandex.accessKeys).find((candidate) => candidate.keyId === keyId);
      if (key) key.lastUsedAt = at.toISOString();
    });
  }

  /** Starts an Update or Delete of an existing key. @throws NOT_FOUND when the key is gone. */
  startOperation(spec: Omit<OperationSpec, 'delayMs'>): OperationJson {
    return this.#mutate((yandex) => {
      if (!yandex.accessKeys[spec.accessKeyId]) throw notFound(`Access key ${spec.accessKeyId} not found`);
      const operation = newOperation({ ...spec, delayMs: this.#operationDelayMs }, new Date());
      yandex.operations[operation.id] = operation;
      return operationJson(operation);
    });
  }

  findOperation(id: string): OperationJson | undefined {
    const operation = this.#read().operations[id];
    return operation && operationJson(operation);
  }

  #dropKeys(yandex: YandexState, serviceAccountId: string, which: 'static' | 'authorized'): void {
    const account = existingAccount(yandex, serviceAccountId);
    if (which === 'authorized') account.authorizedKeys = {};
    else
      for (const key of Object.values(yandex.accessKeys))
        if (key.serviceAccountId === serviceAccountId) delete yandex.accessKeys[key.id];
  }

  #read(): YandexState {
    const { yandex } = this.#state.read();
    if (dueOperations(yandex, new Date()).length === 0) return yandex;
    return this.#mutate((settled) => settled);
  }

  #mutate<T>(change: (yandex: YandexState) => T): T {
    return this.#state.mutate((draft: CloudState) => {
      settleOperations(draft.yandex, new Date());
      return change(draft.yandex);
    });
  }
}
