/**
 * STS AssumeRole: the role named by RoleArn must exist in its account and its
 * trust policy must allow the caller; a role that is missing and one that
 * does not trust the caller get the same AccessDenied, as in AWS, so a
 * caller learns nothing about another account's roles. DurationSeconds runs
 * from 900 to the role's MaxSessionDuration (one hour when chaining roles).
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { CallContext, QueryParams } from '../http/call-context.ts';
import { optionalString, ROLE_NAME_RULE, requiredString } from '../iam/iam-validation.ts';
import { callerIdentity } from './caller-identity.ts';
import { sessionArn } from './session-store.ts';
import type { StsDependencies } from './sts-actions.ts';
import { trustPolicyAllows } from './trust-policy.ts';

const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
const DEFAULT_DURATION = 3600;
const CHAINED_MAX_DURATION = 3600;

const ROLE_ARN_RULE = { min: 20, max: 2048 };
const SESSION_NAME_RULE = { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' };
const EXTERNAL_ID_RULE = { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:/-]*' };
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007E]*\/)?)([^/]+)$/;

function validationError(message: string): CloudApiError {
  return new CloudApiError('ValidationError', message, 400);
}

function durationSeconds(value: string | undefined, roleMax: number, chained: boolean): number {
  if (value === undefined) return Math.min(DEFAULT_DURATION, roleMax);
  const seconds = Number(value);
  const at = `1 validation error detected: Value '${value}' at 'durationSeconds' failed to satisfy constraint:`;
  if (!Number.isInteger(seconds)) throw validationError(`${at} Member must be a number`);
  if (seconds < MIN_DURATION)
    throw validationError(`${at} Member must have value greater than or equal to ${MIN_DURATION}`);
  if (seconds > MAX_DURATION)
    throw validationError(`${at} Member must have value less than or equal to ${MAX_DURATION}`);
  if (chained && seconds > CHAINED_MAX_DURATION)
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  if (seconds > roleMax)
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  return seconds;
}

export function assumeRole(params: QueryParams, context: CallContext, deps: StsDependencies): unknown {
  const roleArn = requiredString(params.RoleArn, 'roleArn', ROLE_ARN_RULE);
  const sessionName = requiredString(params.RoleSessionName, 'roleSessionName', SESSION_NAME_RULE);
  const externalId = optionalString(params.ExternalId, 'externalId', EXTERNAL_ID_RULE);
  const caller = callerIdentity(context, deps.accounts);
  const denied = new CloudApiError(
    'AccessDenied',
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    403,
  );
  const [, accountId = '', path = '/', roleName = ''] = ROLE_ARN.exec(roleArn) ?? [];
  const role = ROLE_NAME_RULE.pattern?.test(roleName)
    ? deps.accounts.find(accountId)?.iam.roles.find(roleName)
    : undefined;
  if (!role || role.path !== path || role.roleName !== roleName) throw denied;
  const allowed = trustPolicyAllows(role.assumeRolePolicyDocument, {
    caller: {
      accountId: caller.account,
      principalArn: caller.principalArn,
      principalArns: [caller.principalArn, caller.arn],
      organizationId: deps.organization.organizationIdOf(caller.account),
    },
    externalId,
  });
  if (!allowed) throw denied;
  const session = deps.sessions.issue({
    accountId,
    roleName: role.roleName,
    rolePath: role.path,
    roleId: role.roleId,
    sessionName,
    durationSeconds: durationSeconds(
      params.DurationSeconds,
      role.maxSessionDuration,
      context.caller.kind === 'session',
    ),
  });
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration,
    },
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: sessionArn(session) },
  };
}
