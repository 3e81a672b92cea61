/**
 * IAM users and their access keys: the rules IAM applies (names unique
 * regardless of case, at most two keys per user, a user with keys or group
 * memberships cannot be deleted). Groups live in `groups`. Used by the wire
 * API and directly by tests and the demo for seeding.
 */

import { CloudApiError } from '../cloud-api-error.ts';
import { LOCAL_ACCOUNT_ID } from '../cloud-constants.ts';
import { homeIamSection, type IamSectionOf } from '../state/account-sections.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { StoredAccessKey, StoredKeyUse, StoredUser } from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import { addKey, keysOf, removeKey } from './access-key-index.ts';
import { existingUser, groupsOf, type IamUser, noSuchUser, ownedKey, toUser } from './iam-entities.ts';
import { IamGroupStore } from './iam-group-store.ts';
import { newAccessKeyId, newSecretAccessKey, newUserId } from './iam-ids.ts';
import { IamRoleStore } from './iam-role-store.ts';

export type { IamGroup, IamUser } from './iam-entities.ts';

export const ACCESS_KEYS_PER_USER = 2;
const TAGS_PER_USER = 50;

export type IamAccessKey = Readonly<StoredAccessKey>;
export type AccessKeyStatus = StoredAccessKey['status'];

export interface CreateUserSpec {
  readonly userName: string;
  readonly path?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface DeleteUserOptions {
  readonly withAccessKeys?: boolean;
  readonly withGroupMemberships?: boolean;
}

export interface CreateAccessKeySpec {
  /** Backdates the key, for seeding old keys. */
  readonly createDate?: Date;
  readonly status?: AccessKeyStatus;
}

export class IamStore {
  readonly #state: CloudStateStore;
  readonly #iam: IamSectionOf;
  /** Groups and their members. */
  readonly groups: IamGroupStore;
  /** Roles, their trust policies and inline policies. */
  readonly roles: IamRoleStore;
  /** The account every ARN of this store names. */
  readonly accountId: string;

  /** @param iamOf where this account's IAM lives in the state (account-sections.ts). */
  constructor(
    state: CloudStateStore,
    accountId: string = LOCAL_ACCOUNT_ID,
    iamOf: IamSectionOf = homeIamSection,
  ) {
    this.#state = state;
    this.#iam = iamOf;
    this.accountId = accountId;
    this.groups = new IamGroupStore(state, accountId, iamOf);
    this.roles = new IamRoleStore(state, accountId, iamOf);
  }

  createUser(spec: CreateUserSpec): IamUser {
    return this.#state.mutate((draft) => {
      const id = spec.userName.toLowerCase();
      if (this.#iam(draft).users[id])
        throw new CloudApiError(
          'EntityAlreadyExists',
          `User with name ${spec.userName} already exists.`,
          409,
        );
      const user: StoredUser = {
        userName: spec.userName,
        userId: newUserId(),
        path: spec.path ?? '/',
        createDate: new Date().toISOString(),
        tags: { ...spec.tags },
      };
      this.#iam(draft).users[id] = user;
      return toUser(user, this.accountId);
    });
  }

  findUser(userName: string): IamUser | undefined {
    const stored = this.#iam(this.#state.read()).users[userName.toLowerCase()];
    return stored && toUser(stored, this.accountId);
  }

  getUser(userName: string): IamUser {
    const user = this.findUser(userName);
    if (!user) throw noSuchUser(userName);
    return user;
  }

  /** All users under `pathPrefix`, ordered by name so paging is stable. */
  listUsers(pathPrefix = '/'): IamUser[] {
    return Object.entries(this.#iam(this.#state.read()).users)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, user]) => user)
      .filter((user) => user.path.startsWith(pathPrefix))
      .map((user) => toUser(user, this.accountId));
  }

  tagUser(userName: string, tags: Readonly<Record<string, string>>): void {
    this.#state.mutate((draft) => {
      const user = existingUser(this.#iam(draft), userName);
      const merged = { ...user.tags, ...tags };
      if (Object.keys(merged).length > TAGS_PER_USER)
        throw new CloudApiError(
          'LimitExceeded',
          `Cannot exceed quota for TagsPerUser: ${TAGS_PER_USER}`,
          409,
        );
      user.tags = merged;
    });
  }

  untagUser(userName: string, tagKeys: readonly string[]): void {
    this.#state.mutate((draft) => {
      const user = existingUser(this.#iam(draft), userName);
      for (const key of tagKeys) delete user.tags[key];
    });
  }

  /**
   * Refuses, like IAM, while the user has keys or group memberships.
   * @param options.withAccessKeys deletes the user's keys first instead (seeding only).
   * @param options.withGroupMemberships removes the user from its groups first instead (seeding only).
   */
  deleteUser(userName: string, options: DeleteUserOptions = {}): void {
    this.#state.mutate((draft) => {
      const id = userName.toLowerCase();
      const user = this.#iam(draft).users[id];
      if (!user) throw noSuchUser(userName);
      const keys = keysOf(this.#iam(draft).accessKeys, userName);
      if (keys.length > 0 && !options.withAccessKeys)
        throw new CloudApiError(
          'DeleteConflict',
          'Cannot delete entity, must delete access keys first.',
          409,
        );
      const groups = groupsOf(this.#iam(draft), user.userName);
      if (groups.length > 0 && !options.withGroupMemberships)
        throw new CloudApiError(
          'DeleteConflict',
          'Cannot delete entity, must remove user from all groups first.',
          409,
        );
      for (const key of keys) removeKey(this.#iam(draft).accessKeys, key.accessKeyId);
      for (const group of groups) group.members = group.members.filter((member) => member !== user.userName);
      delete this.#iam(draft).users[id];
    });
  }

  createAccessKey(userName: string, spec: CreateAccessKeySpec = {}): IamAccessKey {
    return this.#state.mutate((draft) => {
      const user = existingUser(this.#iam(draft), userName);
      const owned = keysOf(this.#iam(draft).accessKeys, user.userName);
      if (owned.length >= ACCESS_KEYS_PER_USER)
        throw new CloudApiError(
          'LimitExceeded',
          `Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`,
          409,
        );
      const key: StoredAccessKey = {
        accessKeyId: newAccessKeyId(),
        secretAccessKey: newSecretAccessKey(),
        userName: user.userName,
        status: spec.status ?? 'Active',
        createDate: (spec.createDate ?? new Date()).toISOString(),
      };
      addKey(this.#iam(draft).accessKeys, key);
      return stateCopy(key);
    });
  }

  /** The user's keys, oldest first. */
  listAccessKeys(userName: string): IamAccessKey[] {
    const user = this.getUser(userName);
    return keysOf(this.#iam(this.#state.read()).accessKeys, user.userName)
      .sort((a, b) => a.createDate.localeCompare(b.createDate) || a.accessKeyId.localeCompare(b.accessKeyId))
      .map((key) => stateCopy(key));
  }

  findAccessKey(accessKeyId: string): IamAccessKey | undefined {
    const key = this.#iam(this.#state.read()).accessKeys[accessKeyId];
    return key && stateCopy(key);
  }

  updateAccessKey(userName: string, accessKeyId: string, status: AccessKeyStatus): void {
    this.#state.mutate((draft) => {
      ownedKey(this.#iam(draft), userName, accessKeyId).status = status;
    });
  }

  deleteAccessKey(userName: string, accessKeyId: string): void {
    this.#state.mutate((draft) => {
      ownedKey(this.#iam(draft), userName, accessKeyId);
      removeKey(this.#iam(draft).accessKeys, accessKeyId);
    });
  }

  /** What GetAccessKeyLastUsed reports: updated after each successful call signed by the key. */
  recordKeyUse(accessKeyId: string, use: Omit<StoredKeyUse, 'date'>, at = new Date()): void {
    this.#state.mutate((draft) => {
      const key = this.#iam(draft).accessKeys[accessKeyId];
      if (key) key.lastUsed = { date: at.toISOString(), ...use };
    });
  }
}
