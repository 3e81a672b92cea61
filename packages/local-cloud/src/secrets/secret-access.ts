/**
 * A secret's resource policy, enforced for callers the cloud knows (a known
 * user's key, a role session, the admin key as the local admin role): an
 * explicit Deny that matches refuses the call as Secrets Manager refuses it.
 * Allow statements add nothing, since the cloud evaluates no identity
 * policies: a caller not denied is allowed, as without a policy.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { CallContext, JsonAction } from '../http/call-context.ts';
import { evaluateResourcePolicy } from '../iam/resource-policy.ts';
import type { CallerIdentity } from '../sts/caller-identity.ts';
import type { SecretPolicy } from './secret-views.ts';

export interface SecretAccessRequest {
  /** The bare action name, e.g. `GetSecretValue`. */
  readonly action: string;
  /** The SecretId as the caller gave it: what the refusal names. */
  readonly secretId: string;
  readonly secretArn: string;
  readonly policy: string | undefined;
  /** Undefined for a caller the cloud cannot name: not checked, as before policies were enforced. */
  readonly caller: CallerIdentity | undefined;
}

/** @throws AccessDeniedException when the secret's policy explicitly denies the call. */
export function enforceSecretPolicy(request: SecretAccessRequest): void {
  const { caller, policy } = request;
  if (policy === undefined || caller === undefined) return;
  const action = `secretsmanager:${request.action}`;
  const decision = evaluateResourcePolicy(policy, {
    action,
    resource: request.secretArn,
    caller: { accountId: caller.account, principalArns: [caller.principalArn, caller.arn] },
    context: { 'aws:principalarn': caller.principalArn, 'aws:principalaccount': caller.account },
  });
  if (decision === 'deny')
    throw new CloudApiError(
      'AccessDeniedException',
      `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${request.secretId} with an explicit deny in a resource-based policy`,
    );
}

/**
 * `actions` with each call on one secret (every action that takes a
 * SecretId) checked against that secret's policy first. A missing secret is
 * left to the action, which answers ResourceNotFoundException (or, for a
 * forced DeleteSecret, success).
 */
export function enforcingSecretPolicies(
  actions: Readonly<Record<string, JsonAction>>,
  policyOf: (secretId: string) => SecretPolicy | undefined,
  identify: (context: CallContext) => CallerIdentity | undefined,
): Record<string, JsonAction> {
  return Object.fromEntries(
    Object.entries(actions).map(([action, handler]): [string, JsonAction] => [
      action,
      (input, context) => {
        const secretId = input.SecretId;
        const found = typeof secretId === 'string' ? policyOf(secretId) : undefined;
        if (found?.policy !== undefined)
          enforceSecretPolicy({
            action,
            secretId: secretId as string,
            secretArn: found.arn,
            policy: found.policy,
            caller: identify(context),
          });
        return handler(input, context);
      },
    ]),
  );
}
