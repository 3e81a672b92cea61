/**
 * Wires the hub's AWS functions for member accounts. Every one of them gets
 * the account environment (the hub's id at least); with member accounts
 * configured, the AWS fleet roles move under HUB_ROLE_PATH, the path the member
 * role trusts (the rotator's step roles always are there), and the steps that
 * act in a member account (IAM users, and secrets when kept there) may assume
 * its member role. Member users may decrypt their hub-kept secrets through
 * Secrets Manager. Discover may also list the organization: itself, or through
 * the management account's listing role.
 *
 * It only adds to the constructs the stack built; with no member accounts
 * the template is today's, plus AKR_HUB_ACCOUNT_ID.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from '../platform/nag-acknowledgements.ts';
import { RotatorFunction } from '../platform/rotator-function.ts';
import type { ProviderFleet } from '../provider-fleet.ts';
import type { ProviderRotator } from '../provider-rotator.ts';
import { OPERATOR_ACTIONS } from '../rotation/operator-actions.ts';
import { ROTATION_STEPS, type RotationStepId } from '../rotation/rotation-steps.ts';
import { accountEnvironment, HUB_ROLE_PATH, type MemberAccounts } from './account-settings.ts';
import { DISCOVER_MEMBER_ACCESS, ORGANIZATION_LISTING_ACTIONS } from './member-access.ts';

export interface HubAccountAccessProps {
  /** The AWS rotator. */
  readonly rotator: ProviderRotator;
  /** The AWS fleet. */
  readonly fleet: ProviderFleet;
  /** Functions outside the rotator and the fleet that read principals (the on-demand endpoint). */
  readonly others: readonly RotatorFunction[];
  /**
   * @default - the hub only: nothing but AKR_HUB_ACCOUNT_ID is added
   */
  readonly accounts?: MemberAccounts;
}

export function grantHubAccountAccess(props: HubAccountAccessProps): void {
  const { rotator, fleet, accounts } = props;
  const stepFunctions = [...functionsUnder(rotator), ...functionsUnder(fleet)];
  const environment = accountEnvironment(accounts);
  for (const fn of [...stepFunctions, ...props.others]) fn.addEnvironments(environment);
  if (accounts === undefined) return;

  for (const fn of stepFunctions) fn.placeRoleUnder(HUB_ROLE_PATH);
  for (const [id, fn] of Object.entries(rotator.functions) as [RotationStepId, RotatorFunction][])
    rotator.access.grantMemberRoleAssumption(fn, ROTATION_STEPS[id].access, accounts);
  rotator.access.grantMemberRoleAssumption(
    rotator.reactivateFunction,
    OPERATOR_ACTIONS['reactivate-old-key'].access,
    accounts,
  );
  rotator.access.grantMemberRoleAssumption(fleet.discover, DISCOVER_MEMBER_ACCESS, accounts);
  rotator.access.grantMemberUsersDecrypt(accounts);
  if (accounts.source.kind === 'organization') grantOrganizationListing(fleet.discover, accounts);
}

/** Every function the construct holds, so a function added to the rotator or the fleet later is covered too. */
function functionsUnder(scope: IConstruct): RotatorFunction[] {
  return scope.node.findAll().filter((construct) => construct instanceof RotatorFunction);
}

function grantOrganizationListing(discover: RotatorFunction, accounts: MemberAccounts): void {
  if (accounts.organizationRoleArn !== undefined) {
    discover.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [accounts.organizationRoleArn] }),
    );
    return;
  }
  discover.addToRolePolicy(
    new iam.PolicyStatement({ actions: [...ORGANIZATION_LISTING_ACTIONS], resources: ['*'] }),
  );
  acknowledgeWildcardResource(
    discover.role ?? discover,
    '*',
    'Organizations DescribeOrganization and ListAccounts have no resource-level permission, and ListAccountsForParent reads OUs named only in the settings; X-Ray writes and the IAM user inventory (GetAccountAuthorizationDetails) have none either.',
  );
}
