/**
 * GetAccountAuthorizationDetails over the Query protocol: every user (with its
 * groups and tags) and every group in one paged listing, which is how a fleet
 * scan reads a large account in few calls. `Filter.member.N` picks entity
 * types; the local cloud has no roles or policies, so those lists are empty.
 * Users come first, then groups, each ordered by name; Marker/MaxItems page
 * across both like IAM (MaxItems ≤ 1000, default 100).
 */
import type { QueryAction, QueryParams } from '../http/call-context.ts';
import { memberValues } from '../http/query-params.ts';
import type { IamGroup, IamUser } from './iam-entities.ts';
import { pageOf } from './iam-paging.ts';
import { tagList } from './iam-shapes.ts';
import type { IamStore } from './iam-store.ts';
import { checkEnumList, checkMaxItems, MARKER_RULE, optionalString } from './iam-validation.ts';

const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

type Entity =
  | { readonly kind: 'user'; readonly user: IamUser }
  | { readonly kind: 'group'; readonly group: IamGroup };

function sortKey(entity: Entity): string {
  return entity.kind === 'user'
    ? `0/${entity.user.userName.toLowerCase()}`
    : `1/${entity.group.groupName.toLowerCase()}`;
}

function userDetail(user: IamUser, groupNames: readonly string[]): Record<string, unknown> {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    UserPolicyList: [],
    GroupList: groupNames,
    AttachedManagedPolicies: [],
    Tags: Object.keys(user.tags).length > 0 ? tagList(user.tags) : undefined,
  };
}

function groupDetail(group: IamGroup): Record<string, unknown> {
  return {
    Path: group.path,
    GroupName: group.groupName,
    GroupId: group.groupId,
    Arn: group.arn,
    CreateDate: group.createDate,
    GroupPolicyList: [],
    AttachedManagedPolicies: [],
  };
}

function requestedTypes(params: QueryParams): Set<string> {
  const filter = checkEnumList(memberValues(params, 'Filter'), 'filter', ENTITY_TYPES);
  return new Set(filter.length > 0 ? filter : ENTITY_TYPES);
}

export function iamAuthorizationDetailsActions(iam: IamStore): Record<string, QueryAction> {
  return {
    GetAccountAuthorizationDetails: (params) => {
      const types = requestedTypes(params);
      const marker = optionalString(params.Marker, 'marker', MARKER_RULE);
      const maxItems = checkMaxItems(params.MaxItems);
      const entities: Entity[] = [
        ...(types.has('User') ? iam.listUsers().map((user) => ({ kind: 'user' as const, user })) : []),
        ...(types.has('Group') ? iam.groups.list().map((group) => ({ kind: 'group' as const, group })) : []),
      ];
      const page = pageOf(entities, sortKey, marker, maxItems);
      const memberships = iam.groups.membershipIndex();
      const users = page.items.flatMap((entity) => (entity.kind === 'user' ? [entity.user] : []));
      const groups = page.items.flatMap((entity) => (entity.kind === 'group' ? [entity.group] : []));
      return {
        UserDetailList: types.has('User')
          ? users.map((user) => userDetail(user, memberships.get(user.userName.toLowerCase()) ?? []))
          : undefined,
        GroupDetailList: types.has('Group') ? groups.map(groupDetail) : undefined,
        RoleDetailList: types.has('Role') ? [] : undefined,
        Policies: types.has('LocalManagedPolicy') || types.has('AWSManagedPolicy') ? [] : undefined,
        IsTruncated: page.isTruncated,
        Marker: page.marker,
      };
    },
  };
}
