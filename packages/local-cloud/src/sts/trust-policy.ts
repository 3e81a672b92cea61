/**
 * Whether a role's trust policy lets a caller assume it, read the way IAM
 * reads it, for the subset the rotator's member roles use: statements with
 * Effect, Action (`sts:AssumeRole`, wildcards allowed), Principal (`*` or
 * `AWS`: an account id, `arn:aws:iam::<id>:root`, or the caller's exact
 * ARN) and Condition with StringEquals, StringLike, ArnEquals or ArnLike on
 * sts:ExternalId, aws:PrincipalArn, aws:PrincipalOrgID and
 * aws:PrincipalAccount. An explicit Deny wins over any Allow.
 *
 * What this reader does not understand never grants access: an Allow with an
 * unknown operator, condition key, NotPrincipal or NotAction does not allow,
 * and a Deny with one denies, so a policy is never read more loosely than
 * AWS would read it.
 */
import { type PolicyStatement, parsePolicyDocument } from '../iam/policy-document.ts';

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

type Verdict = 'match' | 'no-match' | 'unsupported';

const ACTION = 'sts:AssumeRole';
const OPERATORS = new Set(['stringequals', 'stringlike', 'arnequals', 'arnlike']);

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

function contextValue(key: string, request: AssumeRequest): string | undefined | null {
  switch (key.toLowerCase()) {
    case 'sts:externalid':
      return request.externalId;
    case 'aws:principalarn':
      return request.caller.principalArn;
    case 'aws:principalorgid':
      return request.caller.organizationId;
    case 'aws:principalaccount':
      return request.caller.accountId;
    default:
      // A key this reader does not know.
      return null;
  }
}

function valueMatches(operator: string, pattern: string, value: string): boolean {
  switch (operator) {
    case 'stringequals':
      return pattern === value;
    case 'stringlike':
      return globMatches(pattern, value);
    default:
      return arnMatches(pattern, value);
  }
}

function conditionVerdict(condition: unknown, request: AssumeRequest): Verdict {
  if (condition === undefined) return 'match';
  if (typeof condition !== 'object' || condition === null) return 'unsupported';
  let verdict: Verdict = 'match';
  for (const [operatorName, block] of Object.entries(condition)) {
    const operator = operatorName.toLowerCase();
    if (!OPERATORS.has(operator) || typeof block !== 'object' || block === null) return 'unsupported';
    for (const [key, expected] of Object.entries(block)) {
      const value = contextValue(key, request);
      const patterns = strings(expected);
      if (value === null || patterns === undefined) return 'unsupported';
      // A key missing from the request matches no value (these operators have no IfExists).
      if (value === undefined || !patterns.some((pattern) => valueMatches(operator, pattern, value)))
        verdict = 'no-match';
    }
  }
  return verdict;
}

function actionVerdict(statement: PolicyStatement): Verdict {
  if (statement.NotAction !== undefined) return 'unsupported';
  const actions = strings(statement.Action);
  if (!actions) return 'unsupported';
  return actions.some((action) => globMatches(action, ACTION, true)) ? 'match' : 'no-match';
}

function principalVerdict(statement: PolicyStatement, caller: AssumingCaller): Verdict {
  if (statement.NotPrincipal !== undefined) return 'unsupported';
  const principal = statement.Principal;
  if (principal === '*') return 'match';
  if (typeof principal !== 'object' || principal === null) return 'unsupported';
  const aws = (principal as Record<string, unknown>).AWS;
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

function statementVerdict(statement: PolicyStatement, request: AssumeRequest): Verdict {
  const verdicts = [
    actionVerdict(statement),
    principalVerdict(statement, request.caller),
    conditionVerdict(statement.Condition, request),
  ];
  if (verdicts.includes('no-match')) return 'no-match';
  return verdicts.includes('unsupported') ? 'unsupported' : 'match';
}

/** @param policyText the role's trust policy, as JSON text. */
export function trustPolicyAllows(policyText: string, request: AssumeRequest): boolean {
  let statements: PolicyStatement[];
  try {
    statements = parsePolicyDocument(policyText);
  } catch {
    return false;
  }
  let allowed = false;
  for (const statement of statements) {
    const verdict = statementVerdict(statement, request);
    if (statement.Effect === 'Deny' && verdict !== 'no-match') return false;
    if (statement.Effect === 'Allow' && verdict === 'match') allowed = true;
  }
  return allowed;
}
