/**
 * Which accounts an organization-wide report reads, and what it says about
 * one it could not read. An unreadable account is never left out or papered
 * over: it is listed UNREADABLE with what failed and what to do, and it is a
 * finding of its own (account-findings.ts), since an account nobody could
 * read gives no evidence that its keys are rotated.
 *
 * The causes name the call and the error only (failureOf): an SDK message
 * can echo request details, and the report is handed to auditors.
 */
import type { AccountScope } from '../../lambdas/config/account-scope.ts';

/** Where reading an account failed: listing the organization, assuming the member role, or reading IAM. */
export type AccountReadStage = 'organization' | 'assume-role' | 'inventory';

/** The account entry for the organization's own account list, when Organizations could not give it. */
export const ORGANIZATION_LISTING = 'organization';

/** Thrown by the report's account sources; the collector turns it into an UNREADABLE entry. */
export class AccountReadError extends Error {
  override readonly name = 'AccountReadError';
  readonly stage: AccountReadStage;
  /** The service's error name (`AccessDenied`, `TimeoutError`, …). */
  readonly errorName: string;
  /** What to do, when the failure itself says (else it is told from the stage and the error). */
  readonly action: string | undefined;
  /** @param message what failed, e.g. "STS AssumeRole of arn:… failed with AccessDenied (HTTP 403)". */
  constructor(
    stage: AccountReadStage,
    errorName: string,
    message: string,
    options?: ErrorOptions & { readonly action?: string },
  ) {
    super(message, options);
    this.stage = stage;
    this.errorName = errorName;
    this.action = options?.action;
  }
}

export type AccountStatus = 'READ' | 'UNREADABLE';

export interface AccountRead {
  /** A 12-digit id, or `organization` for the account list itself. */
  readonly account: string;
  readonly hub: boolean;
  readonly status: AccountStatus;
  /** The error name, when unreadable. */
  readonly error: string | null;
  /** What failed, when unreadable. */
  readonly cause: string | null;
  /** What to do about it, when unreadable. */
  readonly action: string | null;
}

export function readAccount(account: string, hub: boolean): AccountRead {
  return { account, hub, status: 'READ', error: null, cause: null, action: null };
}

const DENIED =
  /AccessDenied|NotAuthorized|Forbidden|AWSOrganizationsNotInUse|ExpiredToken|InvalidClientTokenId|MemberAccountUnreachable/;

function actionFor(stage: AccountReadStage, errorName: string, account: string, scope: AccountScope): string {
  if (errorName === 'TimeoutError' || /^E[A-Z]+$/.test(errorName))
    return 'check the network path to the service (and AKR_CONNECT_TIMEOUT_MS / AKR_REQUEST_TIMEOUT_MS), then run akr evidence again';
  if (errorName === 'TransientError')
    return 'the service throttled or failed for a while: run akr evidence again';
  if (stage === 'organization')
    return DENIED.test(errorName)
      ? 'Organizations answers only the management account or a delegated administrator: run from one, or set akr:organizationRoleArn to a read-only listing role in the management account that trusts the hub'
      : 'check that the organization exists and the listing role may call organizations:ListAccounts and ListAccountsForParent, then run akr evidence again';
  if (stage === 'assume-role')
    return DENIED.test(errorName)
      ? `deploy the member role stack in account ${account} (cdk deploy or the StackSet), or check that its role ${scope.memberRoleName} trusts the hub's roles with the deployment's ExternalId (akr:memberExternalId)`
      : `check the member role ${scope.memberRoleName} in account ${account}, then run akr evidence again`;
  return DENIED.test(errorName)
    ? `the member role ${scope.memberRoleName} in account ${account} denies IAM reads: update the member role stack, which allows iam:GetAccountAuthorizationDetails, iam:ListAccessKeys and iam:GetAccessKeyLastUsed`
    : `check IAM in account ${account}, then run akr evidence again`;
}

/** The entry for an account whose read failed: AccountReadError says where; anything else is reported as is. */
export function unreadableAccount(
  account: string,
  hub: boolean,
  error: unknown,
  scope: AccountScope,
): AccountRead {
  const read =
    error instanceof AccountReadError
      ? error
      : new AccountReadError(
          'inventory',
          (error as Error)?.name ?? 'Error',
          `reading account ${account} failed`,
        );
  return {
    account,
    hub,
    status: 'UNREADABLE',
    error: read.errorName,
    cause: read.message,
    action: read.action ?? actionFor(read.stage, read.errorName, account, scope),
  };
}

/**
 * The member accounts to read: those listed (the organization's ACTIVE
 * accounts, or the configured list), minus the excluded ones and the hub
 * (read with its own credentials, always), each once, in order.
 */
export function memberAccountsInScope(
  listed: readonly string[],
  scope: AccountScope,
  hubAccountId: string,
): string[] {
  const excluded = new Set([...scope.excludedAccounts, hubAccountId]);
  return [...new Set(listed)].filter((account) => !excluded.has(account)).sort();
}
