/**
 * IAM role actions: only GetRole, and only the admin key's role exists
 * locally (local-admin-role.ts), so a caller can look up the role that
 * GetCallerIdentity names.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import { LOCAL_ACCOUNT_ID } from '../cloud-constants.ts';
import type { QueryAction } from '../http/call-context.ts';
import { ROLE_NAME_RULE, requiredString } from './iam-validation.ts';
import { LOCAL_ADMIN_ROLE_NAME, localAdminRoleShape } from './local-admin-role.ts';

/** @param accountId the account the role's ARN names. */
export function iamRoleActions(accountId: string = LOCAL_ACCOUNT_ID): Record<string, QueryAction> {
  return {
    GetRole: (params) => {
      const roleName = requiredString(params.RoleName, 'roleName', ROLE_NAME_RULE);
      if (roleName !== LOCAL_ADMIN_ROLE_NAME)
        throw new CloudApiError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
      return { Role: localAdminRoleShape(accountId) };
    },
  };
}
