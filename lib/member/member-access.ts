/**
 * What the hub does in a member account, read off the same tables that scope
 * the hub's own roles (rotation-steps.ts, operator-actions.ts) plus fleet
 * Discover's listing: the member role allows exactly the union, so a step
 * that starts calling a new API fails there with AccessDenied too.
 */
import { OPERATOR_ACTIONS } from '../rotation/operator-actions.ts';
import { ROTATION_STEPS, type StepAccess } from '../rotation/rotation-steps.ts';

/** Discover lists each user's keys under the user path (beside the inventory below). */
export const DISCOVER_MEMBER_ACCESS: StepAccess = {
  iam: ['iam:ListAccessKeys'],
  secrets: [],
  lock: [],
  callsKeyApi: true,
};

/** Discover's paged user inventory (paths, tags, groups); IAM offers no resource-level permission for it. */
export const INVENTORY_ACTION = 'iam:GetAccountAuthorizationDetails';

/** Organizations calls Discover makes to list the accounts in scope; none has a resource-level permission the hub could name. */
export const ORGANIZATION_LISTING_ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
] as const;

const MEMBER_STEP_ACCESS: readonly StepAccess[] = [
  ...Object.values(ROTATION_STEPS).map((step) => step.access),
  ...Object.values(OPERATOR_ACTIONS).map((action) => action.access),
  DISCOVER_MEMBER_ACCESS,
];

/** Every IAM user action some step or Discover makes, sorted. */
export function memberIamActions(): string[] {
  return [...new Set(MEMBER_STEP_ACCESS.flatMap((access) => access.iam))].sort();
}

/** Every Secrets Manager action some step makes, sorted: what a member-kept secret needs. */
export function memberSecretActions(): string[] {
  return [...new Set(MEMBER_STEP_ACCESS.flatMap((access) => access.secrets))].sort();
}
