/**
 * The multi-account (hub and spoke) settings: which member accounts the hub
 * rotates and how it reaches them. The member role's own settings (its name,
 * the ExternalId, where secrets live, the organization) are shared by the hub
 * stack and the member stack, so one set of `akr:*` context serves both.
 * Defaults come from DEFAULT_ACCOUNT_SCOPE, the Lambda contract, and nowhere else.
 */
import { Aws } from 'aws-cdk-lib';
import {
  ACCOUNT_ENV,
  ACCOUNTS_FROM_ORGANIZATION,
  checkAccountIds,
  checkExternalId,
  checkIncludeExclude,
  checkOrganizationalUnits,
  checkRoleArn,
  checkRoleName,
  DEFAULT_ACCOUNT_SCOPE,
  type SecretLocation,
} from '../../lambdas/config/account-scope.ts';

/** The IAM path of every hub role that may assume a member role; the member role trusts this path only. */
export const HUB_ROLE_PATH = '/access-key-rotator/';

/** Organizations ids: `o-` and 10–32 lower-case letters or digits. */
const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;

/** What the hub and every member role must agree on. */
export interface MemberRoleSettingsProps {
  /**
   * The role each member account holds for the hub.
   * @default DEFAULT_ACCOUNT_SCOPE.memberRoleName ('access-key-rotator-member')
   */
  readonly memberRoleName?: string;
  /**
   * The `sts:ExternalId` the hub sends and the member role requires.
   * @default DEFAULT_ACCOUNT_SCOPE.memberExternalId ('access-key-rotator')
   */
  readonly memberExternalId?: string;
  /**
   * Where a member account's secrets are kept: in the hub, encrypted with the
   * hub's key, or in the member account under its default `aws/secretsmanager` key.
   * @default 'hub'
   */
  readonly secretLocation?: SecretLocation;
  /**
   * The organization (`o-…`) hub and members belong to: the member role then
   * also requires `aws:PrincipalOrgID`, and the hub may assume member roles of
   * this organization only (`aws:ResourceOrgID`).
   * @default - no organization condition
   */
  readonly organizationId?: string;
}

export interface MemberAccountsProps extends MemberRoleSettingsProps {
  /** `'organization'`: every ACTIVE account of the organization; or the member account ids. */
  readonly source: typeof ACCOUNTS_FROM_ORGANIZATION | readonly string[];
  /**
   * With `'organization'`: only the accounts directly in these OUs.
   * @default - the whole organization
   */
  readonly organizationalUnits?: readonly string[];
  /**
   * Accounts never rotated.
   * @default - none
   */
  readonly excludedAccounts?: readonly string[];
  /**
   * A read-only role in the management account that lists the organization.
   * @default - the hub calls Organizations itself (management account or delegated administrator)
   */
  readonly organizationRoleArn?: string;
}

/** MemberRoleSettingsProps with every default applied. */
export interface MemberRoleSettings {
  readonly memberRoleName: string;
  readonly memberExternalId: string;
  readonly secretLocation: SecretLocation;
  /**
   * @default - no organization condition
   */
  readonly organizationId?: string;
}

/** MemberAccountsProps, checked, with every default applied. */
export interface MemberAccounts extends MemberRoleSettings {
  readonly source:
    | { readonly kind: 'organization'; readonly organizationalUnits: readonly string[] }
    | { readonly kind: 'list'; readonly accounts: readonly string[] };
  readonly excludedAccounts: readonly string[];
  /**
   * @default - the hub calls Organizations itself
   */
  readonly organizationRoleArn?: string;
}

export function checkOrganizationId(value: string, field: string): string {
  if (ORGANIZATION_ID_PATTERN.test(value)) return value;
  throw new Error(`${field} must be an organization id such as o-a1b2c3d4e5, got "${value}"`);
}

export function resolveMemberRoleSettings(props: MemberRoleSettingsProps): MemberRoleSettings {
  const secretLocation = props.secretLocation ?? DEFAULT_ACCOUNT_SCOPE.secretLocation;
  if (secretLocation !== 'hub' && secretLocation !== 'member')
    throw new Error(`secretLocation must be hub or member, got "${secretLocation}"`);
  return {
    memberRoleName: checkRoleName(
      props.memberRoleName ?? DEFAULT_ACCOUNT_SCOPE.memberRoleName,
      'memberRoleName',
    ),
    memberExternalId: checkExternalId(
      props.memberExternalId ?? DEFAULT_ACCOUNT_SCOPE.memberExternalId,
      'memberExternalId',
    ),
    secretLocation,
    ...(props.organizationId === undefined
      ? {}
      : { organizationId: checkOrganizationId(props.organizationId, 'organizationId') }),
  };
}

export function resolveMemberAccounts(props: MemberAccountsProps): MemberAccounts {
  const excludedAccounts = checkAccountIds(props.excludedAccounts ?? [], 'excludedAccounts');
  const units = checkOrganizationalUnits(props.organizationalUnits ?? [], 'organizationalUnits');
  let source: MemberAccounts['source'];
  if (props.source === ACCOUNTS_FROM_ORGANIZATION)
    source = { kind: 'organization', organizationalUnits: units };
  else {
    if (!Array.isArray(props.source) || props.source.length === 0)
      throw new Error(`source must be "${ACCOUNTS_FROM_ORGANIZATION}" or a non-empty list of account ids`);
    if (units.length > 0) throw new Error(`organizationalUnits needs source "${ACCOUNTS_FROM_ORGANIZATION}"`);
    source = { kind: 'list', accounts: checkAccountIds(props.source, 'source') };
    checkIncludeExclude(source.accounts, excludedAccounts, 'excludedAccounts');
  }
  return {
    ...resolveMemberRoleSettings(props),
    source,
    excludedAccounts,
    ...(props.organizationRoleArn === undefined
      ? {}
      : { organizationRoleArn: checkRoleArn(props.organizationRoleArn, 'organizationRoleArn') }),
  };
}

/**
 * The account variables every AWS function gets: the hub's id always (so
 * `<hub-id>/<user>` names the hub's own user); the scope only when member
 * accounts are configured, so a single-account deployment stays as it was.
 */
export function accountEnvironment(accounts: MemberAccounts | undefined): Record<string, string> {
  const E = ACCOUNT_ENV;
  if (accounts === undefined) return { [E.hubAccountId]: Aws.ACCOUNT_ID };
  const { source } = accounts;
  return {
    [E.hubAccountId]: Aws.ACCOUNT_ID,
    [E.accounts]: source.kind === 'organization' ? ACCOUNTS_FROM_ORGANIZATION : source.accounts.join(','),
    [E.organizationalUnits]: source.kind === 'organization' ? source.organizationalUnits.join(',') : '',
    [E.excludedAccounts]: accounts.excludedAccounts.join(','),
    [E.memberRoleName]: accounts.memberRoleName,
    [E.memberExternalId]: accounts.memberExternalId,
    [E.organizationRoleArn]: accounts.organizationRoleArn ?? '',
    [E.secretLocation]: accounts.secretLocation,
  };
}
