/**
 * AccessKeyProvider for Yandex Cloud service accounts' static (AWS-compatible)
 * access keys. The principal is a service account id.
 *
 * The port's keyId is the AWS-style `keyId` (`YC…`): it is what consumers see
 * in the secret's AccessKeyId. The API addresses a key by its resource `id`
 * instead, found by listing the account's keys; an id never changes, so the
 * mapping is remembered for the life of the container.
 */
import type { AccessKeyProvider } from '../../rotation/ports.ts';
import { PrincipalNotFoundError, UnsafeKeyOperationError } from '../../rotation/rotation-errors.ts';
import type { OperationPoller, YandexOperation } from './operation-poller.ts';
import {
  toSummary,
  type YandexAccessKey,
  type YandexAccessKeyPage,
  type YandexCreatedAccessKey,
} from './yandex-access-key-wire.ts';
import { updateDescription } from './yandex-description-update.ts';
import { createdKeyDescription, isRetiredDescription, retiredKeyDescription } from './yandex-descriptions.ts';
import { isYandexError } from './yandex-errors.ts';
import type { YandexHttpClient } from './yandex-http-client.ts';

export interface YandexAccessKeyProviderOptions {
  readonly http: YandexHttpClient;
  readonly poller: OperationPoller;
  /** Base URL of the IAM API (`yandexEndpoints().iam`). */
  readonly iamEndpoint: string;
  /**
   * The service accounts the deployment knows (`akr:yandexServiceAccounts`), searched by
   * findKeyOwner for an AWS-compatible `keyId`: the API finds a key by its resource id only.
   * @default - none: findKeyOwner finds a key by its resource id alone
   */
  readonly knownServiceAccounts?: readonly string[];
}

/** A service account has a handful of keys; a server that pages forever must not hold the Lambda. */
const MAX_PAGES = 50;

function unlessNotFound<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (isYandexError(error, 'NOT_FOUND')) return fallback;
    throw error;
  };
}

/**
 * A Get by an id that is not a resource id of ours: NOT_FOUND, or (a `YC…`
 * keyId, or a key of a cloud the rotator cannot see) refused as an argument or
 * a permission. None of them is a failure of the lookup.
 */
function unlessNotAResourceId(error: unknown): undefined {
  if (isYandexError(error, 'NOT_FOUND') || isYandexError(error, 'INVALID_ARGUMENT')) return undefined;
  if (isYandexError(error, 'PERMISSION_DENIED')) return undefined;
  throw error;
}

export function yandexAccessKeyProvider(options: YandexAccessKeyProviderOptions): AccessKeyProvider {
  const { http, poller } = options;
  const baseUrl = `${options.iamEndpoint}/iam/aws-compatibility/v1/accessKeys`;
  const keyUrl = (id: string) => `${baseUrl}/${encodeURIComponent(id)}`;
  const resourceIds = new Map<string, string>();
  const mapKey = (principal: string, keyId: string) => `${principal}/${keyId}`;

  async function listAll(principal: string): Promise<YandexAccessKey[]> {
    const keys: YandexAccessKey[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page === 0 || pageToken; page++) {
      if (page >= MAX_PAGES)
        throw new Error(`Yandex AccessKey.List for ${principal} exceeded ${MAX_PAGES} pages`);
      const query = new URLSearchParams({ serviceAccountId: principal, pageSize: '100' });
      if (pageToken) query.set('pageToken', pageToken);
      const result = await http
        .send<YandexAccessKeyPage>({
          method: 'GET',
          url: `${baseUrl}?${query}`,
          operation: `Yandex AccessKey.List for service account ${principal}`,
          idempotent: true,
        })
        .catch((error: unknown) => {
          if (isYandexError(error, 'NOT_FOUND'))
            throw new PrincipalNotFoundError(`Yandex service account ${principal} does not exist`);
          throw error;
        });
      keys.push(...(result.accessKeys ?? []));
      pageToken = result.nextPageToken || undefined;
    }
    for (const key of keys) if (key.keyId) resourceIds.set(mapKey(principal, key.keyId), key.id);
    return keys;
  }

  /** @returns undefined when the account has no such key (any more). */
  async function resourceId(principal: string, keyId: string): Promise<string | undefined> {
    const known = resourceIds.get(mapKey(principal, keyId));
    if (known !== undefined) return known;
    return (await listAll(principal)).find((key) => key.keyId === keyId)?.id;
  }

  async function getKey(principal: string, keyId: string): Promise<YandexAccessKey | undefined> {
    const id = await resourceId(principal, keyId);
    if (id === undefined) return undefined;
    const key = await http
      .send<YandexAccessKey>({
        method: 'GET',
        url: keyUrl(id),
        operation: `Yandex AccessKey.Get ${id} (${keyId})`,
        idempotent: true,
      })
      .catch(unlessNotFound(undefined));
    // The principal's usage and retirement must be decided on the principal's own key.
    if (key?.serviceAccountId !== undefined && key.serviceAccountId !== principal)
      throw new UnsafeKeyOperationError(
        `access key ${keyId} does not belong to service account ${principal}`,
      );
    return key;
  }

  return {
    provider: 'yandex',

    // Service accounts carry labels, not tags, and the keys API needs none of them.
    async describePrincipal(principal) {
      return { principal, tags: {} };
    },

    async listKeys(principal) {
      return (await listAll(principal)).map(toSummary);
    },

    // Not an Operation: the secret comes back in this answer and never again.
    async createKey(principal, rotationId) {
      const created = await http.send<YandexCreatedAccessKey>({
        method: 'POST',
        url: baseUrl,
        operation: `Yandex AccessKey.Create for service account ${principal}`,
        body: { serviceAccountId: principal, description: createdKeyDescription(rotationId) },
        idempotent: false,
      });
      const { accessKey, secret } = created;
      if (!accessKey?.keyId || !accessKey.id || !secret)
        throw new Error(`Yandex AccessKey.Create for ${principal} returned no access key`);
      resourceIds.set(mapKey(principal, accessKey.keyId), accessKey.id);
      return {
        keyId: accessKey.keyId,
        secretAccessKey: secret,
        createdAt: accessKey.createdAt ?? new Date().toISOString(),
      };
    },

    async retireKey(principal, keyId, context) {
      const key = await getKey(principal, keyId);
      // Gone needs no retiring; already marked means an earlier attempt landed.
      if (!key || isRetiredDescription(key.description)) return {};
      const retired = await updateDescription(http, poller, {
        url: keyUrl(key.id),
        id: key.id,
        keyId,
        description: retiredKeyDescription(context),
        subject: `retire access key ${keyId} of ${principal}`,
      });
      return retired ? { previousDescription: key.description ?? '' } : {};
    },

    // Only a key this rotator marked is rewritten: any other description is
    // someone's own, and a key without the marker already lists as Active.
    async reactivateKey(principal, keyId, previous) {
      const key = await getKey(principal, keyId);
      const deleted = new UnsafeKeyOperationError(
        `access key ${keyId} of service account ${principal} is already deleted: it cannot be re-activated`,
      );
      if (!key) throw deleted;
      if (!isRetiredDescription(key.description)) return;
      const restored = await updateDescription(http, poller, {
        url: keyUrl(key.id),
        id: key.id,
        keyId,
        description: previous.previousDescription ?? '',
        subject: `re-activate access key ${keyId} of ${principal}`,
      });
      if (!restored) throw deleted;
    },

    async deleteKey(principal, keyId) {
      const id = await resourceId(principal, keyId);
      if (id === undefined) return;
      await http
        .send<YandexOperation>({
          method: 'DELETE',
          url: keyUrl(id),
          operation: `Yandex AccessKey.Delete ${id} (${keyId})`,
          idempotent: true,
        })
        .then((operation) => poller.waitFor(operation, `delete access key ${keyId} of ${principal}`))
        // Already gone is the outcome we wanted: a retried delete converges.
        .catch(unlessNotFound(undefined));
      resourceIds.delete(mapKey(principal, keyId));
    },

    // A key deleted meanwhile cannot be in use, which is what the caller asks.
    async lastUsedAt(principal, keyId) {
      const key = await getKey(principal, keyId);
      return key?.lastUsedAt || undefined;
    },

    // Yandex has no account for a key apart from its service account, so `account` does not apply.
    async findKeyOwner(keyId, _account) {
      const byResourceId = await http
        .send<YandexAccessKey>({
          method: 'GET',
          url: keyUrl(keyId),
          operation: `Yandex AccessKey.Get ${keyId}`,
          idempotent: true,
        })
        .catch(unlessNotAResourceId);
      if (byResourceId?.serviceAccountId && byResourceId.keyId) {
        resourceIds.set(mapKey(byResourceId.serviceAccountId, byResourceId.keyId), byResourceId.id);
        return { principal: byResourceId.serviceAccountId, keyId: byResourceId.keyId };
      }
      // One account after the other: a deployment knows a handful, and the first match ends the search.
      for (const account of options.knownServiceAccounts ?? []) {
        const keys = await listAll(account).catch((error: unknown) => {
          // An account removed since the deployment was configured holds no key of anyone's.
          if (error instanceof PrincipalNotFoundError) return [];
          throw error;
        });
        if (keys.some((key) => key.keyId === keyId)) return { principal: account, keyId };
      }
      return undefined;
    },
  };
}
