/**
 * The whole persisted state of the local cloud, as written to `cloud.json`.
 * Plain JSON only (ISO date strings, records), so another process can read it.
 */
import { emptyYandexState, type YandexState } from '../yandex/yandex-state.ts';

export interface StoredUser {
  userName: string;
  userId: string;
  path: string;
  createDate: string;
  tags: Record<string, string>;
}

export interface StoredKeyUse {
  date: string;
  serviceName: string;
  region: string;
}

export interface StoredAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  userName: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: StoredKeyUse;
}

export interface StoredSecretVersion {
  versionId: string;
  secretString?: string;
  /** Base64, exactly as it travels in the JSON protocol. */
  secretBinary?: string;
  stages: string[];
  createdDate: string;
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Record<string, string>;
  createdDate: string;
  lastChangedDate: string;
  /** In creation order. */
  versions: StoredSecretVersion[];
}

export type AttributeValue = Record<string, unknown>;
export type StoredItem = Record<string, AttributeValue>;

export interface StoredTable {
  tableName: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  billingMode: string;
  createdDate: string;
  /** Keyed by the canonical JSON of the item's key attributes. */
  items: Record<string, StoredItem>;
}

export interface CloudState {
  formatVersion: 1;
  iam: {
    /** Keyed by lower-cased user name: IAM names are unique regardless of case. */
    users: Record<string, StoredUser>;
    accessKeys: Record<string, StoredAccessKey>;
  };
  /** Keyed by secret name. */
  secrets: Record<string, StoredSecret>;
  dynamodb: { tables: Record<string, StoredTable> };
  /** Added after the first release: files written before it have no such section. */
  yandex: YandexState;
}

export function emptyCloudState(): CloudState {
  return {
    formatVersion: 1,
    iam: { users: {}, accessKeys: {} },
    secrets: {},
    dynamodb: { tables: {} },
    yandex: emptyYandexState(),
  };
}
