/**
 * IAM user actions over the Query protocol. ListUsers pages exactly like IAM
 * (MaxItems ≤ 1000, default 100), which is what lets tests prove the product
 * does not stop at the first 100 users.
 */
import type { QueryAction } from '../http/call-context.ts';
import { memberValues } from '../http/query-params.ts';
import { pageOf } from './iam-paging.ts';
import { parseTags, tagList, targetUserName, userShape } from './iam-shapes.ts';
import type { IamStore } from './iam-store.ts';
import {
  checkMaxItems,
  MARKER_RULE,
  optionalString,
  PATH_PREFIX_RULE,
  PATH_RULE,
  requiredString,
  USER_NAME_RULE,
} from './iam-validation.ts';

export function iamUserActions(iam: IamStore): Record<string, QueryAction> {
  return {
    CreateUser: (params) => {
      const userName = requiredString(params.UserName, 'userName', USER_NAME_RULE);
      const path = optionalString(params.Path, 'path', PATH_RULE);
      const user = iam.createUser({ userName, path, tags: parseTags(params) });
      return { User: userShape(user, true) };
    },

    GetUser: (params, context) => ({ User: userShape(iam.getUser(targetUserName(params, context)), true) }),

    ListUsers: (params) => {
      const pathPrefix = optionalString(params.PathPrefix, 'pathPrefix', PATH_PREFIX_RULE);
      const marker = optionalString(params.Marker, 'marker', MARKER_RULE);
      const users = iam.listUsers(pathPrefix);
      const page = pageOf(
        users,
        (user) => user.userName.toLowerCase(),
        marker,
        checkMaxItems(params.MaxItems),
      );
      return {
        Users: page.items.map((user) => userShape(user, false)),
        IsTruncated: page.isTruncated,
        Marker: page.marker,
      };
    },

    ListUserTags: (params) => {
      const userName = requiredString(params.UserName, 'userName', USER_NAME_RULE);
      const marker = optionalString(params.Marker, 'marker', MARKER_RULE);
      const tags = tagList(iam.getUser(userName).tags).sort((a, b) => (a.Key < b.Key ? -1 : 1));
      const page = pageOf(tags, (tag) => tag.Key, marker, checkMaxItems(params.MaxItems));
      return { Tags: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
    },

    TagUser: (params) => {
      iam.tagUser(requiredString(params.UserName, 'userName', USER_NAME_RULE), parseTags(params));
      return undefined;
    },

    UntagUser: (params) => {
      iam.untagUser(
        requiredString(params.UserName, 'userName', USER_NAME_RULE),
        memberValues(params, 'TagKeys'),
      );
      return undefined;
    },

    DeleteUser: (params) => {
      iam.deleteUser(requiredString(params.UserName, 'userName', USER_NAME_RULE));
      return undefined;
    },
  };
}
