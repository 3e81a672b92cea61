/**
 * Lookups on the IAM section of a state draft, shared by the user and group
 * stores, with the NoSuchEntity errors IAM answers for names it does not know.
 */

import { CloudApiError } from '../cloud-api-error.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { CloudState, StoredAccessKey, StoredGroup, StoredUser } from '../state/cloud-state.ts';
import { groupArn, userArn } from './iam-ids.ts';

export type IamSection = CloudState['iam'];

export interface IamUser extends Readonly<StoredUser> {
  readonly arn: string;
}

export interface IamGroup extends Readonly<Omit<StoredGroup, 'members'>> {
  readonly arn: string;
  /** Member user names, in the order they were added. */
  readonly members: readonly string[];
}

export function noSuchUser(userName: string): CloudApiError {
  return new CloudApiError('NoSuchEntity', `The user with name ${userName} cannot be found.`, 404);
}

export function noSuchGroup(groupName: string): CloudApiError {
  return new CloudApiError('NoSuchEntity', `The group with name ${groupName} cannot be found.`, 404);
}

export function existingUser(iam: IamSection, userName: string): StoredUser {
  const user = iam.users[userName.toLowerCase()];
  if (!user) throw noSuchUser(userName);
  return user;
}

export function existingGroup(iam: IamSection, groupName: string): StoredGroup {
  const group = iam.groups[groupName.toLowerCase()];
  if (!group) throw noSuchGroup(groupName);
  return group;
}

/** The key, if `userName` exists and owns it. */
export function ownedKey(iam: IamSection, userName: string, accessKeyId: string): StoredAccessKey {
  const user = existingUser(iam, userName);
  const key = iam.accessKeys[accessKeyId];
  if (!key || key.userName !== user.userName)
    throw new CloudApiError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`, 404);
  return key;
}

/** @param userName as stored on the user (members are kept that way), not as a caller typed it. */
export function isMember(group: StoredGroup, userName: string): boolean {
  return group.members.includes(userName);
}

/** The groups `userName` (as stored on the user) belongs to, ordered by name. */
export function groupsOf(iam: IamSection, userName: string): StoredGroup[] {
  return Object.entries(iam.groups)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, group]) => group)
    .filter((group) => isMember(group, userName));
}

export function toUser(stored: StoredUser, accountId: string): IamUser {
  return { ...stateCopy(stored), arn: userArn(accountId, stored.path, stored.userName) };
}

export function toGroup(stored: StoredGroup, accountId: string): IamGroup {
  return { ...stateCopy(stored), arn: groupArn(accountId, stored.path, stored.groupName) };
}
