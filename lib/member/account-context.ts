/**
 * The `akr:*` context keys of multi-account deployments, read and checked
 * with the Lambda contract's own checks; a bad value fails the synth naming
 * its key. The member-role keys are shared: the hub stack and the member
 * stack read the same ones, so one cdk.json (or one set of `-c`) keeps both
 * sides agreeing on the role's name, the ExternalId and where secrets live.
 *
 *   npx cdk deploy AccessKeyRotator -c akr:accounts=organization -c akr:excludeAccounts=111122223333
 *   npx cdk deploy AccessKeyRotatorMember -c akr:hubAccountId=444455556666 --profile member
 */
import {
  ACCOUNTS_FROM_ORGANIZATION,
  checkAccountIds,
  checkExternalId,
  checkIncludeExclude,
  checkOrganizationalUnits,
  checkRoleArn,
  checkRoleName,
  type SecretLocation,
} from '../../lambdas/config/account-scope.ts';
import {
  checkOrganizationId,
  type MemberAccountsProps,
  type MemberRoleSettingsProps,
} from './account-settings.ts';

export const ACCOUNT_CONTEXT_KEYS = {
  accounts: 'akr:accounts',
  organizationalUnits: 'akr:organizationalUnits',
  excludeAccounts: 'akr:excludeAccounts',
  organizationRoleArn: 'akr:organizationRoleArn',
  memberRoleName: 'akr:memberRoleName',
  memberExternalId: 'akr:memberExternalId',
  secretLocation: 'akr:secretLocation',
  organizationId: 'akr:organizationId',
  hubAccountId: 'akr:hubAccountId',
} as const;

/** A context value as a string; undefined when absent or empty. */
export type ContextReader = (key: string) => string | undefined;

const K = ACCOUNT_CONTEXT_KEYS;

function list(read: ContextReader, key: string): string[] | undefined {
  return read(key)
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The keys both stacks read; each absent key leaves its default. */
export function memberRoleSettingsFromContext(read: ContextReader): MemberRoleSettingsProps {
  const roleName = read(K.memberRoleName);
  const externalId = read(K.memberExternalId);
  const location = read(K.secretLocation);
  const organizationId = read(K.organizationId);
  if (location !== undefined && location !== 'hub' && location !== 'member')
    throw new Error(`${K.secretLocation} must be hub or member, got "${location}"`);
  return {
    memberRoleName: roleName === undefined ? undefined : checkRoleName(roleName, K.memberRoleName),
    memberExternalId: externalId === undefined ? undefined : checkExternalId(externalId, K.memberExternalId),
    secretLocation: location as SecretLocation | undefined,
    organizationId:
      organizationId === undefined ? undefined : checkOrganizationId(organizationId, K.organizationId),
  };
}

/**
 * The hub's member accounts; undefined without `akr:accounts`, which keeps the
 * deployment single-account (the shared keys alone change nothing there).
 */
export function accountsFromContext(read: ContextReader): MemberAccountsProps | undefined {
  const accounts = read(K.accounts)?.trim();
  const units = list(read, K.organizationalUnits);
  const excluded = list(read, K.excludeAccounts);
  const roleArn = read(K.organizationRoleArn);
  const shared = memberRoleSettingsFromContext(read);
  const fromOrganization = accounts === ACCOUNTS_FROM_ORGANIZATION;
  const needOrganization: [string, unknown][] = [
    [K.organizationalUnits, units],
    [K.organizationRoleArn, roleArn],
  ];
  for (const [key, value] of needOrganization)
    if (value !== undefined && !fromOrganization)
      throw new Error(`${key} needs ${K.accounts}=${ACCOUNTS_FROM_ORGANIZATION}`);
  if (excluded !== undefined && accounts === undefined)
    throw new Error(`${K.excludeAccounts} needs ${K.accounts} (${ACCOUNTS_FROM_ORGANIZATION} or a list)`);
  if (accounts === undefined) return undefined;
  const excludedAccounts = excluded === undefined ? undefined : checkAccountIds(excluded, K.excludeAccounts);
  let source: MemberAccountsProps['source'] = ACCOUNTS_FROM_ORGANIZATION;
  if (!fromOrganization) {
    const ids = checkAccountIds(list(read, K.accounts) ?? [], K.accounts);
    if (ids.length === 0)
      throw new Error(`${K.accounts} must be ${ACCOUNTS_FROM_ORGANIZATION} or a comma list of account ids`);
    checkIncludeExclude(ids, excludedAccounts ?? [], K.excludeAccounts);
    source = ids;
  }
  return {
    ...shared,
    source,
    organizationalUnits:
      units === undefined ? undefined : checkOrganizationalUnits(units, K.organizationalUnits),
    excludedAccounts,
    organizationRoleArn: roleArn === undefined ? undefined : checkRoleArn(roleArn, K.organizationRoleArn),
  };
}
