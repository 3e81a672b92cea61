/**
 * Reads a policy attached to a resource (a role's trust policy, a secret's
 * resource policy) the way IAM reads it, for the subset the rotator writes:
 * statements with Effect, Action (wildcards allowed), Resource (`*` or a
 * pattern of the resource's ARN), Principal (`*` or `AWS`: `*`, an account
 * id, `arn:aws:iam::<id>:root`, or the caller's exact ARN) and Condition
 * with StringEquals, StringNotEquals, StringLike, StringNotLike, ArnEquals,
 * ArnNotEquals, ArnLike and ArnNotLike on the context keys the request gives
 * (aws:PrincipalArn, aws:PrincipalAccount, …). An explicit Deny wins over
 * any Allow.
 *
 * What this reader does not understand never grants access: an Allow with an
 * unknown operator, condition key, NotPrincipal, NotAction or NotResource
 * does not allow, and a Deny with one denies, so a policy is never read more
 * loosely than AWS would read it.
 */
import { type PolicyStatement, parsePolicyDocument } from './policy-document.ts';

/** Who makes the request, as a Principal element sees it. */
export interface PolicyCaller {
  readonly accountId: string;
  /** The ARNs a Principal element may name to mean this caller (user or role ARN, session ARN). */
  readonly principalArns: readonly string[];
}

export interface PolicyRequest {
  /** e.g. `secretsmanager:GetSecretValue`. */
  readonly action: string;
  /** The resource's ARN; undefined when the policy's Resource element is not read (trust policies). */
  readonly resource?: string;
  readonly caller: PolicyCaller;
  /** Condition keys, lower-cased (`aws:principalarn`); a key given as undefined is known but absent. */
  readonly context: Readonly<Record<string, string | undefined>>;
}

/** `deny`: an explicit Deny matched; `allow`: an Allow matched and no Deny; `implicit`: neither. */
export type PolicyDecision = 'allow' | 'deny' | 'implicit';

type Verdict = 'match' | 'no-match' | 'unsupported';

const OPERATORS = new Set([
  'stringequals',
  'stringnotequals',
  'stringlike',
  'stringnotlike',
  'arnequals',
  'arnnotequals',
  'arnlike',
  'arnnotlike',
]);

function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** ArnLike and ArnEquals compare the six ARN parts one by one, each with wildcards. */
function arnMatches(pattern: string, value: string): boolean {
  const split = (arn: string) => {
    const parts = arn.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const patternParts = split(pattern);
  const valueParts = split(value);
  if (!patternParts || !valueParts) return false;
  return patternParts.every((part, index) => globMatches(part, valueParts[index] ?? ''));
}

function strings(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((item) => typeof item === 'string') ? (list as string[]) : undefined;
}

/** Whether `value` matches one of `patterns` under the positive form of `operator`. */
function anyMatches(operator: string, patterns: readonly string[], value: string): boolean {
  const positive = operator.replace('not', '');
  return patterns.some((pattern) => {
    if (positive === 'stringequals') return pattern === value;
    if (positive === 'stringlike') return globMatches(pattern, value);
    return arnMatches(pattern, value);
  });
}

function conditionVerdict(condition: unknown, request: PolicyRequest): Verdict {
  if (condition === undefined) return 'match';
  if (typeof condition !== 'object' || condition === null) return 'unsupported';
  let verdict: Verdict = 'match';
  for (const [operatorName, block] of Object.entries(condition)) {
    const operator = operatorName.toLowerCase();
    if (!OPERATORS.has(operator) || typeof block !== 'object' || block === null) return 'unsupported';
    const negated = operator.includes('not');
    for (const [key, expected] of Object.entries(block)) {
      const patterns = strings(expected);
      if (!Object.hasOwn(request.context, key.toLowerCase()) || patterns === undefined) return 'unsupported';
      const value = request.context[key.toLowerCase()];
      // A key missing from the request matches no value, so a negated operator holds (as in IAM).
      const holds = value === undefined ? negated : anyMatches(operator, patterns, value) !== negated;
      if (!holds) verdict = 'no-match';
    }
  }
  return verdict;
}

function actionVerdict(statement: PolicyStatement, action: string): Verdict {
  if (statement.NotAction !== undefined) return 'unsupported';
  const actions = strings(statement.Action);
  if (!actions) return 'unsupported';
  return actions.some((pattern) => globMatches(pattern, action, true)) ? 'match' : 'no-match';
}

function resourceVerdict(statement: PolicyStatement, resource: string | undefined): Verdict {
  if (resource === undefined) return 'match';
  if (statement.NotResource !== undefined) return 'unsupported';
  if (statement.Resource === undefined) return 'match';
  const resources = strings(statement.Resource);
  if (!resources) return 'unsupported';
  return resources.some((pattern) => globMatches(pattern, resource)) ? 'match' : 'no-match';
}

function principalVerdict(statement: PolicyStatement, caller: PolicyCaller): Verdict {
  if (statement.NotPrincipal !== undefined) return 'unsupported';
  const principal = statement.Principal;
  if (principal === '*') return 'match';
  if (typeof principal !== 'object' || principal === null) return 'unsupported';
  const aws = (principal as Record<string, unknown>).AWS;
  // Service, Federated or CanonicalUser principals never name a caller signing with IAM credentials.
  if (aws === undefined) return 'no-match';
  const named = strings(aws);
  if (!named) return 'unsupported';
  const root = `arn:aws:iam::${caller.accountId}:root`;
  return named.some(
    (name) =>
      name === '*' || name === caller.accountId || name === root || caller.principalArns.includes(name),
  )
    ? 'match'
    : 'no-match';
}

function statementVerdict(statement: PolicyStatement, request: PolicyRequest): Verdict {
  const verdicts = [
    actionVerdict(statement, request.action),
    resourceVerdict(statement, request.resource),
    principalVerdict(statement, request.caller),
    conditionVerdict(statement.Condition, request),
  ];
  if (verdicts.includes('no-match')) return 'no-match';
  return verdicts.includes('unsupported') ? 'unsupported' : 'match';
}

/**
 * @param policyText the policy, as JSON text. One that does not parse
 * allows nothing and denies nothing: the service refused it when it was set.
 */
export function evaluateResourcePolicy(policyText: string, request: PolicyRequest): PolicyDecision {
  let statements: PolicyStatement[];
  try {
    statements = parsePolicyDocument(policyText);
  } catch {
    return 'implicit';
  }
  let decision: PolicyDecision = 'implicit';
  for (const statement of statements) {
    const verdict = statementVerdict(statement, request);
    if (statement.Effect === 'Deny' && verdict !== 'no-match') return 'deny';
    if (statement.Effect === 'Allow' && verdict === 'match') decision = 'allow';
  }
  return decision;
}
