/**
 * PutResourcePolicy's checks on the document it is given, as Secrets Manager
 * makes them: JSON with a Statement whose every entry says Allow or Deny,
 * names a principal and an action, every IAM user or role it names
 * existing; with BlockPublicPolicy, no Allow to every principal without a
 * condition narrowing it.
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

/** The ARNs a statement's Principal or NotPrincipal names under `AWS`. */
function namedPrincipals(statement: PolicyStatement): string[] {
  return [statement.Principal, statement.NotPrincipal].flatMap((principal) => {
    const aws = (principal as { AWS?: unknown } | null | undefined)?.AWS;
    const names = Array.isArray(aws) ? aws : [aws];
    return names.filter((name): name is string => typeof name === 'string');
  });
}

export interface PolicyCheckOptions {
  readonly blockPublicPolicy?: boolean;
  /** false for a user or role known not to exist; undefined when it cannot be told. */
  readonly principalExists?: (arn: string) => boolean | undefined;
}

/** @throws MalformedPolicyDocumentException, PublicPolicyException, ValidationException. */
export function checkResourcePolicy(text: string, options: PolicyCheckOptions = {}): void {
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
  const exists = options.principalExists;
  if (exists && statements.flatMap(namedPrincipals).some((arn) => exists(arn) === false))
    throw malformed('This resource policy contains an unsupported principal.');
  if (options.blockPublicPolicy === true && statements.some(isPublic))
    throw new CloudApiError(
      'PublicPolicyException',
      'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
    );
}
