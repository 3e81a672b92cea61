/**
 * IAM group actions over the Query protocol. GetGroup and ListGroupsForUser
 * page like the other IAM lists (MaxItems ≤ 1000, default 100).
 */
import type { QueryAction } from '../http/call-context.ts';
import { pageOf } from './iam-paging.ts';
import { groupShape, userShape } from './iam-shapes.ts';
import type { IamStore } from './iam-store.ts';
import {
  checkMaxItems,
  GROUP_NAME_RULE,
  MARKER_RULE,
  optionalString,
  PATH_RULE,
  requiredString,
  USER_NAME_RULE,
} from './iam-validation.ts';

export function iamGroupActions(iam: IamStore): Record<string, QueryAction> {
  const groupName = (value: string | undefined) => requiredString(value, 'groupName', GROUP_NAME_RULE);
  const userName = (value: string | undefined) => requiredString(value, 'userName', USER_NAME_RULE);
  const marker = (value: string | undefined) => optionalString(value, 'marker', MARKER_RULE);
  return {
    CreateGroup: (params) => {
      const path = optionalString(params.Path, 'path', PATH_RULE);
      return { Group: groupShape(iam.groups.create({ groupName: groupName(params.GroupName), path })) };
    },

    GetGroup: (params) => {
      const group = iam.groups.get(groupName(params.GroupName));
      const members = group.members
        .map((member) => iam.getUser(member))
        .sort((a, b) => (a.userName.toLowerCase() < b.userName.toLowerCase() ? -1 : 1));
      const page = pageOf(
        members,
        (user) => user.userName.toLowerCase(),
        marker(params.Marker),
        checkMaxItems(params.MaxItems),
      );
      return {
        Group: groupShape(group),
        Users: page.items.map((user) => userShape(user, false)),
        IsTruncated: page.isTruncated,
        Marker: page.marker,
      };
    },

    AddUserToGroup: (params) => {
      iam.groups.addUser(groupName(params.GroupName), userName(params.UserName));
      return undefined;
    },

    RemoveUserFromGroup: (params) => {
      iam.groups.removeUser(groupName(params.GroupName), userName(params.UserName));
      return undefined;
    },

    ListGroupsForUser: (params) => {
      const groups = iam.groups.listForUser(userName(params.UserName));
      const page = pageOf(
        groups,
        (group) => group.groupName.toLowerCase(),
        marker(params.Marker),
        checkMaxItems(params.MaxItems),
      );
      return { Groups: page.items.map(groupShape), IsTruncated: page.isTruncated, Marker: page.marker };
    },

    DeleteGroup: (params) => {
      iam.groups.delete(groupName(params.GroupName));
      return undefined;
    },
  };
}
