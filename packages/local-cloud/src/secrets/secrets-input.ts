/**
 * Secrets Manager request members with the constraints the service checks
 * server-side (name alphabet, token length, tag shapes).
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonInput } from '../http/call-context.ts';
import { optionalArray, optionalString } from '../http/json-input.ts';

const NAME_PATTERN = /^[\w/+=.@-]{1,512}$/;

export function checkSecretName(name: string): string {
  if (!NAME_PATTERN.test(name))
    throw new CloudApiError(
      'InvalidParameterException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  return name;
}

/** The version id a write will create; AWS requires 32–64 characters. */
export function clientRequestToken(input: JsonInput): string | undefined {
  const token = optionalString(input, 'ClientRequestToken');
  if (token !== undefined && (token.length < 32 || token.length > 64))
    throw new CloudApiError(
      'ValidationException',
      `1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64`,
    );
  return token;
}

export function secretData(input: JsonInput): { secretString?: string; secretBinary?: string } {
  return {
    secretString: optionalString(input, 'SecretString'),
    secretBinary: optionalString(input, 'SecretBinary'),
  };
}

export function tagsInput(input: JsonInput): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of optionalArray(input, 'Tags') ?? []) {
    const { Key, Value } = (tag ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof Key !== 'string' || typeof Value !== 'string')
      throw new CloudApiError('InvalidParameterException', 'Each tag needs a string Key and Value.');
    tags[Key] = Value;
  }
  return tags;
}

export function stringList(input: JsonInput, member: string): string[] | undefined {
  const list = optionalArray(input, member);
  if (list?.some((item) => typeof item !== 'string'))
    throw new CloudApiError('SerializationException', `Member ${member} must be a list of strings`);
  return list as string[] | undefined;
}
