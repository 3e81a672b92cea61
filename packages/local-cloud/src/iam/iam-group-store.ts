/**
 * IAM groups and their members, with the rules IAM applies: group names unique
 * regardless of case, at most 10 groups per user, adding a member twice is a
 * no-op, a group with members cannot be deleted.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { IamSectionOf } from '../state/account-sections.ts';
import type { StoredGroup } from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import {
  existingGroup,
  existingUser,
  groupsOf,
  type IamGroup,
  isMember,
  noSuchGroup,
  toGroup,
} from './iam-entities.ts';
import { newGroupId } from './iam-ids.ts';

export const GROUPS_PER_USER = 10;

export interface CreateGroupSpec {
  readonly groupName: string;
  readonly path?: string;
}

export class IamGroupStore {
  readonly #state: CloudStateStore;
  readonly #accountId: string;
  readonly #iam: IamSectionOf;

  constructor(state: CloudStateStore, accountId: string, iamOf: IamSectionOf) {
    this.#state = state;
    this.#accountId = accountId;
    this.#iam = iamOf;
  }

  create(spec: CreateGroupSpec): IamGroup {
    return this.#state.mutate((draft) => {
      const id = spec.groupName.toLowerCase();
      if (this.#iam(draft).groups[id])
        throw new CloudApiError(
          'EntityAlreadyExists',
          `Group with name ${spec.groupName} already exists.`,
          409,
        );
      const group: StoredGroup = {
        groupName: spec.groupName,
        groupId: newGroupId(),
        path: spec.path ?? '/',
        createDate: new Date().toISOString(),
        members: [],
      };
      this.#iam(draft).groups[id] = group;
      return toGroup(group, this.#accountId);
    });
  }

  /** Cheaper than `find` for a large group: copies no member list. */
  has(groupName: string): boolean {
    return Object.hasOwn(this.#iam(this.#state.read()).groups, groupName.toLowerCase());
  }

  find(groupName: string): IamGroup | undefined {
    const stored = this.#iam(this.#state.read()).groups[groupName.toLowerCase()];
    return stored && toGroup(stored, this.#accountId);
  }

  get(groupName: string): IamGroup {
    const group = this.find(groupName);
    if (!group) throw noSuchGroup(groupName);
    return group;
  }

  /** All groups under `pathPrefix`, ordered by name. */
  list(pathPrefix = '/'): IamGroup[] {
    return Object.entries(this.#iam(this.#state.read()).groups)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, group]) => group)
      .filter((group) => group.path.startsWith(pathPrefix))
      .map((group) => toGroup(group, this.#accountId));
  }

  /** The user's groups, ordered by name. @throws NoSuchEntity for an unknown user. */
  listForUser(userName: string): IamGroup[] {
    const { iam } = this.#state.read();
    return groupsOf(iam, existingUser(iam, userName).userName).map((group) =>
      toGroup(group, this.#accountId),
    );
  }

  /** Group name of each user that belongs to any group, keyed by lower-cased user name. */
  membershipIndex(): Map<string, string[]> {
    const index = new Map<string, string[]>();
    for (const group of this.list())
      for (const member of group.members) {
        const id = member.toLowerCase();
        index.set(id, [...(index.get(id) ?? []), group.groupName]);
      }
    return index;
  }

  addUser(groupName: string, userName: string): void {
    this.#state.mutate((draft) => {
      const group = existingGroup(this.#iam(draft), groupName);
      const user = existingUser(this.#iam(draft), userName);
      if (isMember(group, user.userName)) return;
      if (groupsOf(this.#iam(draft), user.userName).length >= GROUPS_PER_USER)
        throw new CloudApiError(
          'LimitExceeded',
          `Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`,
          409,
        );
      group.members.push(user.userName);
    });
  }

  removeUser(groupName: string, userName: string): void {
    this.#state.mutate((draft) => {
      const group = existingGroup(this.#iam(draft), groupName);
      const user = existingUser(this.#iam(draft), userName);
      if (!isMember(group, user.userName))
        throw new CloudApiError(
          'NoSuchEntity',
          `The user with name ${userName} cannot be found in group ${group.groupName}.`,
          404,
        );
      group.members = group.members.filter((member) => member !== user.userName);
    });
  }

  /** Refuses, like IAM, while the group has members. */
  delete(groupName: string): void {
    this.#state.mutate((draft) => {
      const group = existingGroup(this.#iam(draft), groupName);
      if (group.members.length > 0)
        throw new CloudApiError(
          'DeleteConflict',
          'Cannot delete entity, must remove users from group first.',
          409,
        );
      delete this.#iam(draft).groups[groupName.toLowerCase()];
    });
  }
}
