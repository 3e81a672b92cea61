/**
 * IAM role actions: only GetRole, and only the admin key's role exists
 * locally (local-admin-role.ts), so a caller can look up the role that
 * GetCallerIdentity names.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { QueryAction } from '../http/call-context.ts';
import { ROLE_NAME_RULE, requiredString } from './iam-validation.ts';
import { LOCAL_ADMIN_ROLE_NAME, localAdminRoleShape } from './local-admin-role.ts';

export function iamRoleActions(): Record<string, QueryAction> {
  return {
    GetRole: (params) => {
      const roleName = requiredString(params.RoleName, 'roleName', ROLE_NAME_RULE);
      if (roleName !== LOCAL_ADMIN_ROLE_NAME)
        throw new CloudApiError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
      return { Role: localAdminRoleShape() };
    },
  };
}
