/**
 * Whether a role's trust policy lets a caller assume it, read the way IAM
 * reads it, for the subset the rotator's member roles use: statements with
 * Effect, Action (`sts:AssumeRole`, wildcards allowed), Principal (`*` or
 * `AWS`: an account id, `arn:aws:iam::<id>:root`, or the caller's exact
 * ARN) and Condition with StringEquals, StringLike, ArnEquals or ArnLike on
 * sts:ExternalId, aws:PrincipalArn, aws:PrincipalOrgID and
 * aws:PrincipalAccount (iam/resource-policy.ts reads them). An explicit Deny
 * wins over any Allow.
 *
 * What this reader does not understand never grants access: an Allow with an
 * unknown operator, condition key, NotPrincipal or NotAction does not allow,
 * and a Deny with one denies, so a policy is never read more loosely than
 * AWS would read it.
 */
import { evaluateResourcePolicy } from '../iam/resource-policy.ts';

/** Who asks to assume the role, as the condition keys see it. */
export interface AssumingCaller {
  readonly accountId: string;
  /** aws:PrincipalArn: the user's ARN, or the role's (with its path) for a role session. */
  readonly principalArn: string;
  /** The ARNs a Principal element may name to mean this caller. */
  readonly principalArns: readonly string[];
  /** aws:PrincipalOrgID, when the caller's account is in an organization. */
  readonly organizationId?: string;
}

export interface AssumeRequest {
  readonly caller: AssumingCaller;
  readonly externalId?: string;
}

/** @param policyText the role's trust policy, as JSON text. */
export function trustPolicyAllows(policyText: string, request: AssumeRequest): boolean {
  const { caller } = request;
  return (
    evaluateResourcePolicy(policyText, {
      action: 'sts:AssumeRole',
      caller,
      context: {
        'sts:externalid': request.externalId,
        'aws:principalarn': caller.principalArn,
        'aws:principalorgid': caller.organizationId,
        'aws:principalaccount': caller.accountId,
      },
    }) === 'allow'
  );
}
