/**
 * Store records rendered as the IAM response shapes (member names as in the
 * IAM API reference), plus how a call's target user is resolved.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { CallContext, QueryParams } from '../http/call-context.ts';
import { memberStructures } from '../http/query-params.ts';
import type { IamGroup, IamUser } from './iam-entities.ts';
import type { IamAccessKey } from './iam-store.ts';
import {
  checkString,
  optionalString,
  TAG_KEY_RULE,
  TAG_VALUE_RULE,
  USER_NAME_RULE,
} from './iam-validation.ts';

export function userShape(user: IamUser, withTags: boolean): Record<string, unknown> {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    Tags: withTags && Object.keys(user.tags).length > 0 ? tagList(user.tags) : undefined,
  };
}

export function groupShape(group: IamGroup): Record<string, unknown> {
  return {
    Path: group.path,
    GroupName: group.groupName,
    GroupId: group.groupId,
    Arn: group.arn,
    CreateDate: group.createDate,
  };
}

export function accessKeyMetadataShape(key: IamAccessKey): Record<string, unknown> {
  return {
    UserName: key.userName,
    AccessKeyId: key.accessKeyId,
    Status: key.status,
    CreateDate: key.createDate,
  };
}

export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function parseTags(params: QueryParams): Record<string, string> {
  const tags: Record<string, string> = {};
  memberStructures(params, 'Tags').forEach((tag, index) => {
    const key = checkString(tag.Key ?? '', `tags.${index + 1}.member.key`, TAG_KEY_RULE);
    tags[key] = checkString(tag.Value ?? '', `tags.${index + 1}.member.value`, TAG_VALUE_RULE);
  });
  return tags;
}

/**
 * The user a call acts on: `UserName` when given, otherwise the signing user.
 * The admin key stands for a Lambda role, and IAM refuses to infer a user from
 * temporary credentials.
 */
export function targetUserName(params: QueryParams, context: CallContext): string {
  const given = optionalString(params.UserName, 'userName', USER_NAME_RULE);
  if (given !== undefined) return given;
  if (context.caller.kind === 'user') return context.caller.userName;
  throw new CloudApiError(
    'ValidationError',
    'Must specify userName when calling with non-User credentials',
    400,
  );
}
