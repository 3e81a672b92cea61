/**
 * Who the admin key (LOCAL_ADMIN_CREDENTIALS) is: a session of one IAM role,
 * the stand-in for the Lambda execution role. STS GetCallerIdentity names the
 * session, IAM GetRole describes the role, and IAM calls that would act on
 * "the signing user" refuse it as AWS refuses any role session, so every
 * service tells the same story about the same caller.
 */
export const LOCAL_ADMIN_ROLE_NAME = 'akr-local-admin';
export const LOCAL_ADMIN_SESSION_NAME = 'local';
/**
 * The rotator's own roles carry this IAM path in a multi-account deployment,
 * and the member roles trust only principals under it (`aws:PrincipalArn`
 * like `…:role/access-key-rotator/*`): the admin key's role has it too, so the
 * real member trust policy admits local runs.
 */
export const LOCAL_ADMIN_ROLE_PATH = '/access-key-rotator/';
/** 21 characters starting with AROA, like a role's unique id. */
export const LOCAL_ADMIN_ROLE_ID = 'AROALOCALADMINROLEAAA';
const ROLE_CREATED = '2024-01-01T00:00:00.000Z';

/** What GetCallerIdentity answers for the admin key in `accountId`. */
export function localAdminIdentity(accountId: string): Record<string, string> {
  return {
    Account: accountId,
    Arn: localAdminSessionArn(accountId),
    UserId: `${LOCAL_ADMIN_ROLE_ID}:${LOCAL_ADMIN_SESSION_NAME}`,
  };
}

/** The role's ARN, with its path: what `aws:PrincipalArn` is for the admin key. */
export function localAdminRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role${LOCAL_ADMIN_ROLE_PATH}${LOCAL_ADMIN_ROLE_NAME}`;
}

/** The session ARN STS names for the admin key. */
export function localAdminSessionArn(accountId: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${LOCAL_ADMIN_ROLE_NAME}/${LOCAL_ADMIN_SESSION_NAME}`;
}

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The Role member of GetRole (IAM sends the trust policy URL-encoded). */
export function localAdminRoleShape(accountId: string): Record<string, unknown> {
  return {
    Path: LOCAL_ADMIN_ROLE_PATH,
    RoleName: LOCAL_ADMIN_ROLE_NAME,
    RoleId: LOCAL_ADMIN_ROLE_ID,
    Arn: localAdminRoleArn(accountId),
    CreateDate: ROLE_CREATED,
    AssumeRolePolicyDocument: encodeURIComponent(TRUST_POLICY),
    MaxSessionDuration: 3600,
  };
}
