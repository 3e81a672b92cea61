/**
 * The resource policy of one managed secret: who may read it, and that
 * nobody but the rotator may write it.
 *
 * - Allow GetSecretValue and DescribeSecret to its readers: the IAM user
 *   whose key it is (AWS), the roles of the user's readers tag, and the
 *   deployment's configured readers (AKR_SECRET_READERS).
 * - Deny GetSecretValue to every principal that is none of those readers and
 *   not a rotator step role. Without it, any principal of the account whose
 *   IAM policy allows `secretsmanager:GetSecretValue` on `*` (an
 *   administrator, a CI role) could read every rotated key.
 * - Deny PutSecretValue, UpdateSecret and UpdateSecretVersionStage to every
 *   principal but the step roles: a reader never moves AWSCURRENT, nor writes
 *   a value consumers would then trust.
 *
 * The step roles are the roles under ROTATOR_ROLE_PATH of the secret's
 * account (every step role is placed there, and locally the admin role is
 * too), and, for a secret kept in a member account, the member role the hub's
 * steps act there as. The hub's account and partition come from the
 * execution's ARN: the state machine runs in the hub, so no setting can
 * disagree with it.
 *
 * Pure: the same plan and settings give the same document, so a retried
 * CreateKey puts the same policy again.
 */
import type { RotatorSettings } from '../config/environment.ts';
import { parseAccountPrincipal } from '../shared/account-principal.ts';
import type { Provider } from './rotation-state.ts';

/** The IAM path of every rotator step role; the Deny statements exempt the roles under it. */
export const ROTATOR_ROLE_PATH = '/access-key-rotator/';

export const READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] as const;
/** Every call that writes a value or moves a label: UpdateSecret with a SecretString makes a new AWSCURRENT too. */
export const WRITE_ACTIONS = [
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:UpdateSecretVersionStage',
] as const;

/** What the policy is built from: the plan's fields (RotationPlan has them all). */
export interface AccessPolicyPlan {
  readonly provider: Provider;
  readonly principal: string;
  /** `arn:<partition>:states:<region>:<hub account>:execution:…` */
  readonly executionArn: string;
  /** AWS: the user's IAM path; null for Yandex. */
  readonly principalPath: string | null;
  /** Role ARNs from the user's readers tag. */
  readonly readerArns: readonly string[];
}

export type AccessPolicySettings = Pick<RotatorSettings, 'secretReaders' | 'accounts'>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | { readonly AWS: readonly string[] };
  readonly Action: readonly string[];
  readonly Resource: '*';
  readonly Condition?: { readonly ArnNotLike: { readonly 'aws:PrincipalArn': readonly string[] } };
}

export interface SecretAccessPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

const EXECUTION_ARN = /^arn:([\w-]+):states:[\w-]*:(\d{12}):/;

function hubOf(executionArn: string): { readonly partition: string; readonly account: string } {
  const match = EXECUTION_ARN.exec(executionArn);
  if (!match?.[1] || !match[2])
    throw new Error(`execution ARN ${executionArn} names no partition and account for the secret's policy`);
  return { partition: match[1], account: match[2] };
}

/** The user's account: its member account, or undefined for the hub's own user. */
function memberAccountOf(plan: AccessPolicyPlan, hub: string): string | undefined {
  if (plan.provider !== 'aws') return undefined;
  const parsed = parseAccountPrincipal(plan.principal, hub);
  // Plan has already refused a malformed principal; this cannot name anybody.
  if (!parsed.ok) throw new Error(`principal ${plan.principal}: ${parsed.reason}`);
  return parsed.principal.account;
}

/** The IAM user whose key the secret holds: `arn:<partition>:iam::<account>:user<path><name>`. */
function userArn(plan: AccessPolicyPlan, partition: string, hub: string): string | undefined {
  if (plan.provider !== 'aws') return undefined;
  const account = memberAccountOf(plan, hub) ?? hub;
  const user = plan.principal.slice(plan.principal.indexOf('/') + 1);
  return `arn:${partition}:iam::${account}:user${plan.principalPath ?? '/'}${user}`;
}

/** The roles that act on the secret: step roles of its account, and the member role there. */
function rotatorRoles(
  plan: AccessPolicyPlan,
  settings: AccessPolicySettings,
  partition: string,
  hub: string,
): string[] {
  const scope = settings.accounts?.scope;
  const member = scope?.secretLocation === 'member' ? memberAccountOf(plan, hub) : undefined;
  const roles = [`arn:${partition}:iam::${member ?? hub}:role${ROTATOR_ROLE_PATH}*`];
  if (member !== undefined && scope)
    roles.push(`arn:${partition}:iam::${member}:role/${scope.memberRoleName}`);
  return roles;
}

export function secretAccessPolicy(
  plan: AccessPolicyPlan,
  settings: AccessPolicySettings,
): SecretAccessPolicy {
  const { partition, account: hub } = hubOf(plan.executionArn);
  const user = userArn(plan, partition, hub);
  // A reader named twice (tag and setting) is listed once.
  const readers = [
    ...new Set([...(user ? [user] : []), ...plan.readerArns, ...(settings.secretReaders ?? [])]),
  ];
  const exempt = rotatorRoles(plan, settings, partition, hub);
  const statements: PolicyStatement[] = [];
  if (readers.length > 0)
    statements.push({
      Sid: 'ReadersMayRead',
      Effect: 'Allow',
      Principal: { AWS: readers },
      Action: [...READ_ACTIONS],
      Resource: '*',
    });
  statements.push(
    {
      Sid: 'NobodyElseReads',
      Effect: 'Deny',
      Principal: '*',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [...readers, ...exempt] } },
    },
    {
      Sid: 'OnlyTheRotatorWrites',
      Effect: 'Deny',
      Principal: '*',
      Action: [...WRITE_ACTIONS],
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt } },
    },
  );
  return { Version: '2012-10-17', Statement: statements };
}
