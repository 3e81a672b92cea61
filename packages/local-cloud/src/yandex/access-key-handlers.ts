/**
 * The AccessKey service (`/iam/aws-compatibility/v1/accessKeys`) and the
 * Operation service. List, Get and Create answer directly; Update and Delete
 * answer with an Operation that completes later (see yandex-operations.ts).
 */
import { pageOf } from '../iam/iam-paging.ts';
import { invalidArgument, notFound } from './grpc-status.ts';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from './yandex-constants.ts';
import {
  asInvalidArgument,
  checkedDescription,
  optionalText,
  pageSizeOf,
  parseBody,
  requiredId,
} from './yandex-input.ts';
import type { StoredOperationStatus } from './yandex-state.ts';
import type { YandexAccessKey, YandexStore } from './yandex-store.ts';
import { accessKeyJson } from './yandex-views.ts';

/** Only `description` can change: Yandex static keys have no status. */
const UPDATABLE_FIELDS = new Set(['description']);

export interface AccessKeyRequest {
  readonly query: URLSearchParams;
  /** The `{accessKeyId}` or `{operationId}` path segment, if any. */
  readonly resourceId?: string;
  readonly body: Buffer;
  /** The service account the bearer token belongs to. */
  readonly caller: string;
  /** Consumes the `yandex-operation` fault armed for this call, if any: call it once the call is valid. */
  readonly operationFault: () => StoredOperationStatus | undefined;
}

const pageKey = (key: YandexAccessKey) => `${key.createdAt}|${key.id}`;

export function listAccessKeys(store: YandexStore, request: AccessKeyRequest) {
  const serviceAccountId = requiredId(request.query.get('serviceAccountId'), 'serviceAccountId');
  const pageSize = pageSizeOf(request.query.get('pageSize'), PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX);
  const pageToken = request.query.get('pageToken') || undefined;
  const keys = store.listAccessKeys(serviceAccountId);
  const page = asInvalidArgument(() => pageOf(keys, pageKey, pageToken, pageSize));
  // proto3 JSON omits an empty string: the last page carries no nextPageToken.
  return {
    accessKeys: page.items.map(accessKeyJson),
    ...(page.marker ? { nextPageToken: page.marker } : {}),
  };
}

function existingKey(store: YandexStore, request: AccessKeyRequest): YandexAccessKey {
  const id = requiredId(request.resourceId, 'accessKeyId');
  const key = store.findAccessKey(id);
  if (!key) throw notFound(`Access key ${id} not found`);
  return key;
}

export function getAccessKey(store: YandexStore, request: AccessKeyRequest) {
  return accessKeyJson(existingKey(store, request));
}

export function createAccessKey(store: YandexStore, request: AccessKeyRequest) {
  const body = parseBody(request.body, ['serviceAccountId', 'description']);
  const serviceAccountId = requiredId(optionalText(body, 'serviceAccountId'), 'serviceAccountId');
  const description = checkedDescription(optionalText(body, 'description'));
  const key = store.createAccessKey(serviceAccountId, { description });
  return { accessKey: accessKeyJson(key), secret: key.secret };
}

/** The fields an update mask names; an absent or empty mask means every field, as in Yandex. */
function maskedFields(updateMask: string | undefined): Set<string> {
  if (updateMask === undefined || updateMask.trim() === '') return new Set(UPDATABLE_FIELDS);
  const fields = updateMask.split(',').map((field) => field.trim());
  const wrong = fields.filter((field) => !UPDATABLE_FIELDS.has(field));
  if (wrong.length > 0)
    throw invalidArgument(`updateMask: ${wrong.map((f) => `'${f}'`).join(', ')} cannot be updated`);
  return new Set(fields);
}

export function updateAccessKey(store: YandexStore, request: AccessKeyRequest) {
  const body = parseBody(request.body, ['updateMask', 'description']);
  const fields = maskedFields(optionalText(body, 'updateMask'));
  const key = existingKey(store, request);
  // A masked field sent without a value is reset to its default, the empty string.
  const description = fields.has('description')
    ? (checkedDescription(optionalText(body, 'description')) ?? '')
    : key.description;
  return store.startOperation({
    kind: 'update',
    accessKeyId: key.id,
    createdBy: request.caller,
    newDescription: description,
    plannedError: request.operationFault(),
  });
}

export function deleteAccessKey(store: YandexStore, request: AccessKeyRequest) {
  const key = existingKey(store, request);
  return store.startOperation({
    kind: 'delete',
    accessKeyId: key.id,
    createdBy: request.caller,
    plannedError: request.operationFault(),
  });
}

export function getOperation(store: YandexStore, request: AccessKeyRequest) {
  const id = requiredId(request.resourceId, 'operationId');
  const operation = store.findOperation(id);
  if (!operation) throw notFound(`Operation ${id} not found`);
  return operation;
}
