/**
 * PutResourcePolicy's checks on the document it is given, as Secrets Manager
 * makes them: JSON with a Statement whose every entry says Allow or Deny,
 * names a principal and an action; with BlockPublicPolicy, no Allow to
 * every principal without a condition narrowing it.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import { type PolicyStatement, parsePolicyDocument } from '../iam/policy-document.ts';

const MAX_POLICY_LENGTH = 20_480;
const MALFORMED = 'This resource policy contains a syntax error.';

function malformed(message = MALFORMED): CloudApiError {
  return new CloudApiError('MalformedPolicyDocumentException', message);
}

function isWellFormed(statement: PolicyStatement): boolean {
  return (
    (statement.Effect === 'Allow' || statement.Effect === 'Deny') &&
    (statement.Principal !== undefined || statement.NotPrincipal !== undefined) &&
    (statement.Action !== undefined || statement.NotAction !== undefined)
  );
}

/** An Allow that any principal of any account meets. */
function isPublic(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Allow' || statement.Condition !== undefined) return false;
  if (statement.NotPrincipal !== undefined || statement.Principal === '*') return true;
  const aws = (statement.Principal as { AWS?: unknown } | null)?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** @throws MalformedPolicyDocumentException, PublicPolicyException, ValidationException. */
export function checkResourcePolicy(text: string, blockPublicPolicy: boolean): void {
  if (text.length < 1 || text.length > MAX_POLICY_LENGTH)
    throw new CloudApiError(
      'ValidationException',
      `1 validation error detected: Value at 'resourcePolicy' failed to satisfy constraint: Member must have length between 1 and ${MAX_POLICY_LENGTH}`,
    );
  let statements: PolicyStatement[];
  try {
    statements = parsePolicyDocument(text);
  } catch {
    throw malformed();
  }
  if (!statements.every(isWellFormed)) throw malformed();
  if (blockPublicPolicy && statements.some(isPublic))
    throw new CloudApiError(
      'PublicPolicyException',
      'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
    );
}
