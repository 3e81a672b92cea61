/**
 * Who the admin key (LOCAL_ADMIN_CREDENTIALS) is: a session of one IAM role,
 * the stand-in for the Lambda execution role. STS GetCallerIdentity names the
 * session, IAM GetRole describes the role, and IAM calls that would act on
 * "the signing user" refuse it as AWS refuses any role session, so every
 * service tells the same story about the same caller.
 */
export const LOCAL_ADMIN_ROLE_NAME = 'akr-local-admin';
export const LOCAL_ADMIN_SESSION_NAME = 'local';
/** 21 characters starting with AROA, like a role's unique id. */
export const LOCAL_ADMIN_ROLE_ID = 'AROALOCALADMINROLEAAA';
const ROLE_CREATED = '2024-01-01T00:00:00.000Z';

/** What GetCallerIdentity answers for the admin key in `accountId`. */
export function localAdminIdentity(accountId: string): Record<string, string> {
  return {
    Account: accountId,
    Arn: `arn:aws:sts::${accountId}:assumed-role/${LOCAL_ADMIN_ROLE_NAME}/${LOCAL_ADMIN_SESSION_NAME}`,
    UserId: `${LOCAL_ADMIN_ROLE_ID}:${LOCAL_ADMIN_SESSION_NAME}`,
  };
}

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The Role member of GetRole (IAM sends the trust policy URL-encoded). */
export function localAdminRoleShape(accountId: string): Record<string, unknown> {
  return {
    Path: '/',
    RoleName: LOCAL_ADMIN_ROLE_NAME,
    RoleId: LOCAL_ADMIN_ROLE_ID,
    Arn: `arn:aws:iam::${accountId}:role/${LOCAL_ADMIN_ROLE_NAME}`,
    CreateDate: ROLE_CREATED,
    AssumeRolePolicyDocument: encodeURIComponent(TRUST_POLICY),
    MaxSessionDuration: 3600,
  };
}
