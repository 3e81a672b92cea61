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

export interface StoredRole {
  roleName: string;
  roleId: string;
  path: string;
  createDate: string;
  description?: string;
  /** The trust policy, as JSON text. */
  assumeRolePolicyDocument: string;
  maxSessionDuration: number;
  /** Inline policies by name, each as JSON text. */
  policies: Record<string, string>;
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
  /** PutResourcePolicy's document, as the caller sent it; absent when none (older states have none). */
  resourcePolicy?: string;
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

/** One account's IAM: the home account's is `CloudState.iam`, a member's `CloudState.accounts[id].iam`. */
export interface IamSection {
  /** Keyed by lower-cased user name: IAM names are unique regardless of case. */
  users: Record<string, StoredUser>;
  accessKeys: Record<string, StoredAccessKey>;
  /** Keyed by lower-cased group name. Added later: older files have none. */
  groups: Record<string, StoredGroup>;
  /** Keyed by lower-cased role name. Added with member accounts: older states have none. */
  roles?: Record<string, StoredRole>;
}

/** A member account beside the home one, with its own IAM and Secrets Manager. */
export interface StoredAccount {
  iam: IamSection;
  /** Keyed by secret name. */
  secrets: Record<string, StoredSecret>;
}

export interface StoredOrganizationalUnit {
  id: string;
  name: string;
  /** A root or OU id. */
  parentId: string;
}

export interface StoredOrganizationAccount {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED';
  parentId: string;
  joinedMethod: 'CREATED' | 'INVITED';
  joinedTimestamp: string;
}

export interface StoredOrganization {
  id: string;
  managementAccountId: string;
  managementAccountEmail: string;
  rootId: string;
  /** Keyed by OU id. */
  organizationalUnits: Record<string, StoredOrganizationalUnit>;
  /** Keyed by account id; the management account is one of them. */
  accounts: Record<string, StoredOrganizationAccount>;
}

/** Temporary credentials issued by STS AssumeRole, kept so every process on the state accepts them. */
export interface StoredSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** The role's account: the session acts in it. */
  accountId: string;
  roleName: string;
  rolePath: string;
  roleId: string;
  sessionName: string;
  expiration: string;
}

export interface CloudState {
  formatVersion: 1;
  /** The account the state was served as, when not the default one (account-of-state.ts). */
  accountId?: string;
  /** The home account's IAM. */
  iam: IamSection;
  /** The home account's secrets, keyed by secret name. */
  secrets: Record<string, StoredSecret>;
  /** Member accounts by id; absent until the first is added (older states have none). */
  accounts?: Record<string, StoredAccount>;
  /** The organization the home account manages, when seeded. */
  organization?: StoredOrganization;
  /** STS sessions by access key id; absent until the first AssumeRole. */
  sessions?: Record<string, StoredSession>;
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
