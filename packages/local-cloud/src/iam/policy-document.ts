/**
 * The checks IAM makes on a policy document it is given (a trust policy or an
 * inline policy): JSON, an object, with a Statement. What the statements say
 * is read later, by whoever evaluates them (sts/trust-policy.ts).
 */
import { CloudApiError } from '../cloud-api-error.ts';

export interface PolicyStatement {
  readonly [member: string]: unknown;
}

/** @returns the statements, always as a list (a policy may give a single object). */
export function parsePolicyDocument(text: string): PolicyStatement[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CloudApiError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
  }
  const statement =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>).Statement
      : undefined;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (statements.length === 0 || !statements.every((item) => typeof item === 'object' && item !== null))
    throw new CloudApiError('MalformedPolicyDocument', 'Syntax errors in policy.', 400);
  return statements as PolicyStatement[];
}
