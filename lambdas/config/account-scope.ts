/**
 * Which AWS accounts a deployment rotates, and how it reaches them: the
 * Lambda environment contract of multi-account (hub and spoke) deployments.
 * CDK sets these variables from the `akr:*` context (lib/settings), the
 * handlers read them here once per container.
 *
 * With none of them set, the deployment rotates its own (hub) account only,
 * exactly as a single-account deployment always has.
 */

import { ACCOUNT_ID_PATTERN } from '../shared/account-principal.ts';

export const ACCOUNT_ENV = {
  /** The hub: the account the stack is deployed to (CDK: `Aws.ACCOUNT_ID`). */
  hubAccountId: 'AKR_HUB_ACCOUNT_ID',
  /** Empty: the hub only. `organization`: every ACTIVE account of the organization. Else a comma list of ids. */
  accounts: 'AKR_ACCOUNTS',
  /** With `organization`: only the accounts directly in these OUs (`ou-…`, comma list). */
  organizationalUnits: 'AKR_ORGANIZATIONAL_UNITS',
  /** Comma list of account ids never rotated. */
  excludedAccounts: 'AKR_EXCLUDED_ACCOUNTS',
  /** The member-account role each step assumes. */
  memberRoleName: 'AKR_MEMBER_ROLE_NAME',
  /** Sent as `sts:ExternalId` when assuming the member role; the member role requires it. */
  memberExternalId: 'AKR_MEMBER_EXTERNAL_ID',
  /**
   * A read-only role in the management account that may call Organizations
   * (ListAccounts…). Empty: the hub calls Organizations itself, so it must be
   * the management account or a delegated administrator.
   */
  organizationRoleArn: 'AKR_ORGANIZATION_ROLE_ARN',
  /** `hub` (default): member accounts' secrets are kept in the hub. `member`: in the member account. */
  secretLocation: 'AKR_SECRET_LOCATION',
} as const;

export const ACCOUNTS_FROM_ORGANIZATION = 'organization';

export type SecretLocation = 'hub' | 'member';

export type AccountSource =
  | { readonly kind: 'hub-only' }
  | { readonly kind: 'organization'; readonly organizationalUnits: readonly string[] }
  | { readonly kind: 'list'; readonly accounts: readonly string[] };

export interface AccountScope {
  readonly source: AccountSource;
  readonly excludedAccounts: readonly string[];
  readonly memberRoleName: string;
  readonly memberExternalId: string;
  readonly organizationRoleArn: string | undefined;
  readonly secretLocation: SecretLocation;
}

export const DEFAULT_ACCOUNT_SCOPE = {
  memberRoleName: 'access-key-rotator-member',
  memberExternalId: 'access-key-rotator',
  secretLocation: 'hub',
} as const;

/** IAM role names: 1–64 characters of letters, digits and `+=,.@_-`. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** Organizations OU ids: `ou-` then the root's 4–32 characters, `-`, and 8–32 more. */
export const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** sts:ExternalId: 2–1224 characters of letters, digits and `+=,.@:/-`, plus `_`. */
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
/** IAM role ARNs in any partition, with the role's path: `arn:aws:iam::<account-id>:role/<path/><name>`. */
export const ROLE_ARN_PATTERN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Each check returns its value or throws an Error whose message starts with the field it names. */
export function checkAccountIds(ids: readonly string[], field: string): readonly string[] {
  const refused = ids.find((id) => !ACCOUNT_ID_PATTERN.test(id));
  if (refused !== undefined) throw new Error(`${field} must list 12-digit AWS account ids, got "${refused}"`);
  return ids;
}

export function checkOrganizationalUnits(ids: readonly string[], field: string): readonly string[] {
  const refused = ids.find((id) => !OU_ID_PATTERN.test(id));
  if (refused !== undefined)
    throw new Error(`${field} must list organizational unit ids such as ou-ab12-cd34ef56, got "${refused}"`);
  return ids;
}

export function checkRoleName(name: string, field: string): string {
  if (ROLE_NAME_PATTERN.test(name)) return name;
  throw new Error(`${field} must be an IAM role name (1-64 letters, digits and +=,.@_-), got "${name}"`);
}

export function checkExternalId(value: string, field: string): string {
  if (EXTERNAL_ID_PATTERN.test(value)) return value;
  throw new Error(`${field} must be 2-1224 letters, digits and +=,.@:/_-, got "${value}"`);
}

export function checkRoleArn(value: string, field: string): string {
  if (ROLE_ARN_PATTERN.test(value)) return value;
  throw new Error(`${field} must be an IAM role ARN (arn:aws:iam::<account-id>:role/<name>), got "${value}"`);
}

/** An account both included and excluded is a contradiction, not a silent exclusion. */
export function checkIncludeExclude(
  included: readonly string[],
  excluded: readonly string[],
  field: string,
): void {
  const both = included.find((id) => excluded.includes(id));
  if (both !== undefined) throw new Error(`${field}: account ${both} is both included and excluded`);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Reads the scope; a misconfigured deployment fails at cold start, naming the variable. */
export function readAccountScope(env: NodeJS.ProcessEnv = process.env): AccountScope {
  const E = ACCOUNT_ENV;
  const accounts = (env[E.accounts] ?? '').trim();
  const units = checkOrganizationalUnits(list(env[E.organizationalUnits]), E.organizationalUnits);
  const excludedAccounts = checkAccountIds(list(env[E.excludedAccounts]), E.excludedAccounts);
  let source: AccountSource;
  if (accounts === '') source = { kind: 'hub-only' };
  else if (accounts === ACCOUNTS_FROM_ORGANIZATION)
    source = { kind: 'organization', organizationalUnits: units };
  else {
    source = { kind: 'list', accounts: checkAccountIds(list(accounts), E.accounts) };
    checkIncludeExclude(source.accounts, excludedAccounts, E.excludedAccounts);
  }
  if (units.length > 0 && source.kind !== 'organization')
    throw new Error(`${E.organizationalUnits} needs ${E.accounts}=${ACCOUNTS_FROM_ORGANIZATION}`);
  const secretLocation = env[E.secretLocation] || DEFAULT_ACCOUNT_SCOPE.secretLocation;
  if (secretLocation !== 'hub' && secretLocation !== 'member')
    throw new Error(`${E.secretLocation} must be hub or member, got "${secretLocation}"`);
  const roleArn = env[E.organizationRoleArn] || undefined;
  return {
    source,
    excludedAccounts,
    memberRoleName: checkRoleName(
      env[E.memberRoleName] || DEFAULT_ACCOUNT_SCOPE.memberRoleName,
      E.memberRoleName,
    ),
    memberExternalId: checkExternalId(
      env[E.memberExternalId] || DEFAULT_ACCOUNT_SCOPE.memberExternalId,
      E.memberExternalId,
    ),
    organizationRoleArn: roleArn === undefined ? undefined : checkRoleArn(roleArn, E.organizationRoleArn),
    secretLocation,
  };
}

/** The hub's id; the local runner resolves `Aws.ACCOUNT_ID` to the local account. */
export function readHubAccountId(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const id = env[ACCOUNT_ENV.hubAccountId] || undefined;
  if (id !== undefined && !ACCOUNT_ID_PATTERN.test(id))
    throw new Error(`${ACCOUNT_ENV.hubAccountId} must be a 12-digit AWS account id, got "${id}"`);
  return id;
}

/**
 * Whether a member account may be rotated under this scope, before any call:
 * never when excluded; with a list, only a listed account; with the
 * organization, any (Discover lists who is in it); with the hub only, none.
 */
export function memberAccountAllowed(account: string, scope: AccountScope): boolean {
  if (scope.excludedAccounts.includes(account)) return false;
  if (scope.source.kind === 'list') return scope.source.accounts.includes(account);
  return scope.source.kind === 'organization';
}

export function memberRoleArn(account: string, scope: AccountScope, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${scope.memberRoleName}`;
}
