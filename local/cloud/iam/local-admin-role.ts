/**
 * Who the admin key (LOCAL_ADMIN_CREDENTIALS) is: a session of one IAM role,
 * the stand-in for the Lambda execution role. STS GetCallerIdentity names the
 * session, IAM GetRole describes the role, and IAM calls that would act on
 * "the signing user" refuse it as AWS refuses any role session, so every
 * service tells the same story about the same caller.
 */
import { LOCAL_ACCOUNT_ID } from '../cloud-constants.ts';

export const LOCAL_ADMIN_ROLE_NAME = 'akr-local-admin';
export const LOCAL_ADMIN_SESSION_NAME = 'local';
/** 21 characters starting with AROA, like a role's unique id. */
export const LOCAL_ADMIN_ROLE_ID = 'AROALOCALADMINROLEAAA';
const ROLE_CREATED = '2024-01-01T00:00:00.000Z';

export const LOCAL_ADMIN_ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${LOCAL_ADMIN_ROLE_NAME}`;

/** What GetCallerIdentity answers for the admin key. */
export const LOCAL_ADMIN_IDENTITY = {
  Account: LOCAL_ACCOUNT_ID,
  Arn: `arn:aws:sts::${LOCAL_ACCOUNT_ID}:assumed-role/${LOCAL_ADMIN_ROLE_NAME}/${LOCAL_ADMIN_SESSION_NAME}`,
  UserId: `${LOCAL_ADMIN_ROLE_ID}:${LOCAL_ADMIN_SESSION_NAME}`,
} as const;

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The Role member of GetRole (IAM sends the trust policy URL-encoded). */
export function localAdminRoleShape(): Record<string, unknown> {
  return {
    Path: '/',
    RoleName: LOCAL_ADMIN_ROLE_NAME,
    RoleId: LOCAL_ADMIN_ROLE_ID,
    Arn: LOCAL_ADMIN_ROLE_ARN,
    CreateDate: ROLE_CREATED,
    AssumeRolePolicyDocument: encodeURIComponent(TRUST_POLICY),
    MaxSessionDuration: 3600,
  };
}
