/**
 * IAM role actions over the Query protocol: the account's own roles
 * (iam-role-store.ts) and, in the home account, the admin key's role
 * (local-admin-role.ts), which exists without being stored so GetRole can
 * describe the role GetCallerIdentity names.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { QueryAction } from '../http/call-context.ts';
import { pageOf } from './iam-paging.ts';
import type { IamRole } from './iam-role-store.ts';
import type { IamStore } from './iam-store.ts';
import {
  checkMaxItems,
  MARKER_RULE,
  optionalString,
  PATH_PREFIX_RULE,
  PATH_RULE,
  POLICY_DOCUMENT_RULE,
  POLICY_NAME_RULE,
  ROLE_DESCRIPTION_RULE,
  ROLE_NAME_RULE,
  requiredString,
} from './iam-validation.ts';
import { LOCAL_ADMIN_ROLE_NAME, localAdminRoleShape } from './local-admin-role.ts';

function roleShape(role: IamRole): Record<string, unknown> {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    // IAM sends policy documents URL-encoded; the SDK hands them over as they came.
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
  };
}

function maxSessionDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed))
    throw new CloudApiError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must be a number`,
      400,
    );
  return parsed;
}

/** @param withAdminRole the home account, where the admin key's role lives. */
export function iamRoleActions(iam: IamStore, withAdminRole: boolean): Record<string, QueryAction> {
  const isAdminRole = (roleName: string) => withAdminRole && roleName === LOCAL_ADMIN_ROLE_NAME;
  const roleName = (value: string | undefined) => requiredString(value, 'roleName', ROLE_NAME_RULE);
  const policyName = (value: string | undefined) => requiredString(value, 'policyName', POLICY_NAME_RULE);
  const policyDocument = (value: string | undefined, field = 'policyDocument') =>
    requiredString(value, field, POLICY_DOCUMENT_RULE);
  return {
    CreateRole: (params) => {
      const name = roleName(params.RoleName);
      if (isAdminRole(name))
        throw new CloudApiError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
      const role = iam.roles.create({
        roleName: name,
        path: optionalString(params.Path, 'path', PATH_RULE),
        assumeRolePolicyDocument: policyDocument(params.AssumeRolePolicyDocument, 'assumeRolePolicyDocument'),
        maxSessionDuration: maxSessionDuration(params.MaxSessionDuration),
        description: optionalString(params.Description, 'description', ROLE_DESCRIPTION_RULE),
      });
      return { Role: roleShape(role) };
    },

    GetRole: (params) => {
      const name = roleName(params.RoleName);
      if (isAdminRole(name)) return { Role: localAdminRoleShape(iam.accountId) };
      return { Role: roleShape(iam.roles.get(name)) };
    },

    ListRoles: (params) => {
      const pathPrefix = optionalString(params.PathPrefix, 'pathPrefix', PATH_PREFIX_RULE) ?? '/';
      const marker = optionalString(params.Marker, 'marker', MARKER_RULE);
      const roles: Record<string, unknown>[] = iam.roles.list(pathPrefix).map(roleShape);
      const admin = localAdminRoleShape(iam.accountId);
      if (withAdminRole && String(admin.Path).startsWith(pathPrefix)) roles.push(admin);
      roles.sort((a, b) => (String(a.RoleName).toLowerCase() < String(b.RoleName).toLowerCase() ? -1 : 1));
      const page = pageOf(
        roles,
        (role) => String(role.RoleName).toLowerCase(),
        marker,
        checkMaxItems(params.MaxItems),
      );
      return { Roles: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
    },

    DeleteRole: (params) => {
      const name = roleName(params.RoleName);
      if (isAdminRole(name))
        throw new CloudApiError(
          'UnmodifiableEntity',
          `Cannot perform the operation on the protected role '${name}' - this role is the local admin key's`,
          400,
        );
      iam.roles.delete(name);
      return undefined;
    },

    UpdateAssumeRolePolicy: (params) => {
      iam.roles.updateTrustPolicy(roleName(params.RoleName), policyDocument(params.PolicyDocument));
      return undefined;
    },

    PutRolePolicy: (params) => {
      iam.roles.putPolicy(
        roleName(params.RoleName),
        policyName(params.PolicyName),
        policyDocument(params.PolicyDocument),
      );
      return undefined;
    },

    GetRolePolicy: (params) => {
      const name = roleName(params.RoleName);
      const policy = policyName(params.PolicyName);
      return {
        RoleName: iam.roles.get(name).roleName,
        PolicyName: policy,
        PolicyDocument: encodeURIComponent(iam.roles.getPolicy(name, policy)),
      };
    },

    ListRolePolicies: (params) => {
      const marker = optionalString(params.Marker, 'marker', MARKER_RULE);
      const names = iam.roles.get(roleName(params.RoleName)).policyNames;
      const page = pageOf(names, (name) => name, marker, checkMaxItems(params.MaxItems));
      return { PolicyNames: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
    },

    DeleteRolePolicy: (params) => {
      iam.roles.deletePolicy(roleName(params.RoleName), policyName(params.PolicyName));
      return undefined;
    },
  };
}
