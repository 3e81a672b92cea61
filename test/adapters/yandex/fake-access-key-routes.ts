/**
 * The AccessKey service of the fake Yandex API, as the API reference
 * describes it: List pages by `pageSize`/`pageToken`, Create answers directly
 * with the secret, Update and Delete answer with an Operation.
 */
import type { FakeYandexApi, RecordedCall, Reply } from './fake-yandex-api.ts';
import { status } from './fake-yandex-api.ts';

export interface FakeAccessKey {
  readonly id: string;
  readonly serviceAccountId: string;
  readonly createdAt: string;
  description: string;
  readonly keyId: string;
  lastUsedAt?: string;
  readonly secret: string;
}

export const ACCESS_KEYS_PATH = '/iam/aws-compatibility/v1/accessKeys';

function publicView(key: FakeAccessKey): Omit<FakeAccessKey, 'secret'> {
  const { secret: _secret, ...rest } = key;
  return rest;
}

/** Adds a key to the fake as if made earlier; returns it, secret included. */
export function seedKey(
  api: FakeYandexApi,
  serviceAccountId: string,
  fields: Partial<FakeAccessKey> = {},
): FakeAccessKey {
  api.serviceAccounts.add(serviceAccountId);
  const id = fields.id ?? api.nextId('aje');
  const key: FakeAccessKey = {
    id,
    serviceAccountId,
    createdAt: '2024-01-01T00:00:00Z',
    description: '',
    keyId: `YC${id.toUpperCase()}`,
    secret: `YCsecret-${id}`,
    ...fields,
  };
  api.keys.set(id, key);
  return key;
}

function list(api: FakeYandexApi, call: RecordedCall): Reply {
  const serviceAccountId = call.query.get('serviceAccountId') ?? '';
  if (!api.serviceAccounts.has(serviceAccountId)) return status(404, 5, 'Service account not found');
  const pageSize = Number(call.query.get('pageSize') || 100);
  const offset = Number(call.query.get('pageToken') || 0);
  const all = [...api.keys.values()].filter((key) => key.serviceAccountId === serviceAccountId);
  const page = all.slice(offset, offset + pageSize);
  const next = offset + pageSize < all.length ? String(offset + pageSize) : '';
  return { status: 200, body: { accessKeys: page.map(publicView), nextPageToken: next } };
}

function create(api: FakeYandexApi, call: RecordedCall): Reply {
  const { serviceAccountId, description } = JSON.parse(call.bodyText) as Record<string, string>;
  if (!serviceAccountId || !api.serviceAccounts.has(serviceAccountId))
    return status(404, 5, 'Service account not found');
  const key = seedKey(api, serviceAccountId, {
    description: description ?? '',
    createdAt: new Date().toISOString(),
  });
  return { status: 200, body: { accessKey: publicView(key), secret: key.secret } };
}

function update(api: FakeYandexApi, key: FakeAccessKey, call: RecordedCall): Reply {
  const body = JSON.parse(call.bodyText) as { updateMask?: string; description?: string };
  const fields = (body.updateMask ?? '').split(',').filter(Boolean);
  if (fields.length === 0 || fields.some((field) => field !== 'description'))
    return status(400, 3, 'updateMask must name description');
  key.description = body.description ?? '';
  return { status: 200, body: api.startOperation({ response: publicView(key) }) };
}

export function handleAccessKeys(api: FakeYandexApi, call: RecordedCall): Reply | undefined {
  if (call.path === ACCESS_KEYS_PATH) {
    if (call.method === 'GET') return list(api, call);
    if (call.method === 'POST') return create(api, call);
    return undefined;
  }
  if (!call.path.startsWith(`${ACCESS_KEYS_PATH}/`)) return undefined;
  const id = decodeURIComponent(call.path.slice(ACCESS_KEYS_PATH.length + 1));
  const key = api.keys.get(id);
  if (!key) return status(404, 5, `Access key ${id} not found`);
  if (call.method === 'GET') return { status: 200, body: publicView(key) };
  if (call.method === 'PATCH') return update(api, key, call);
  if (call.method === 'DELETE') {
    api.keys.delete(id);
    return { status: 200, body: api.startOperation({ response: {} }) };
  }
  return undefined;
}
