/**
 * The whole persisted state of the local cloud, as kept in `cloud.db` (one JSON
 * snapshot, and the changes since). Plain JSON only (ISO date strings, records).
 */
import { type EventsState, emptyEventsState } from '../events/events-state.ts';
import { emptyS3State, type S3State } from '../s3/s3-state.ts';
import { emptySnsState, type SnsState } from '../sns/sns-state.ts';
import { emptyYandexState, type YandexState } from '../yandex/yandex-state.ts';

export interface StoredUser {
  userName: string;
  userId: string;
  path: string;
  createDate: string;
  tags: Record<string, string>;
}

export interface StoredGroup {
  groupName: string;
  groupId: string;
  path: string;
  createDate: string;
  /** Member user names as created, in the order they were added. */
  members: string[];
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
  /** Set by DeleteSecret with a recovery window: when it was asked for, and when the secret is gone. */
  deletedDate?: string;
  deletionDate?: string;
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
  /** The account the state was served as, when not the default one (account-of-state.ts). */
  accountId?: string;
  iam: {
    /** Keyed by lower-cased user name: IAM names are unique regardless of case. */
    users: Record<string, StoredUser>;
    accessKeys: Record<string, StoredAccessKey>;
    /** Keyed by lower-cased group name. Added later: older files have none. */
    groups: Record<string, StoredGroup>;
  };
  /** Keyed by secret name. */
  secrets: Record<string, StoredSecret>;
  dynamodb: { tables: Record<string, StoredTable> };
  /** Added after the first release: files written before it have no such section. */
  yandex: YandexState;
  /** Added later, like `iam.groups`: filled in with empty sections when loading older files. */
  sns: SnsState;
  events: EventsState;
  /** Added with the evidence archive: older files load with no buckets. */
  s3: S3State;
}

export function emptyCloudState(): CloudState {
  return {
    formatVersion: 1,
    iam: { users: {}, accessKeys: {}, groups: {} },
    secrets: {},
    dynamodb: { tables: {} },
    yandex: emptyYandexState(),
    sns: emptySnsState(),
    events: emptyEventsState(),
    s3: emptyS3State(),
  };
}

/** A state read from a file written by an older version, with the sections added since filled in. */
export function completeLoadedState(loaded: CloudState): CloudState {
  const empty = emptyCloudState();
  return {
    ...loaded,
    iam: { ...empty.iam, ...loaded.iam },
    yandex: { ...empty.yandex, ...loaded.yandex },
    sns: { ...empty.sns, ...loaded.sns },
    events: { ...empty.events, ...loaded.events },
    s3: { ...empty.s3, ...loaded.s3 },
  };
}
