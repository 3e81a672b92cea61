/**
 * Typed reads of JSON-protocol request members. A member of the wrong type is
 * refused the way AWS JSON services refuse it, as a SerializationException.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonInput } from './call-context.ts';

function wrongType(member: string, expected: string): CloudApiError {
  return new CloudApiError('SerializationException', `Member ${member} must be ${expected}`);
}

export function optionalString(input: JsonInput, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(member, 'a string');
  return value;
}

/** @param missingCode the error code the service uses for a missing required member. */
export function requiredString(
  input: JsonInput,
  member: string,
  missingCode = 'ValidationException',
): string {
  const value = optionalString(input, member);
  if (value === undefined)
    throw new CloudApiError(
      missingCode,
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

export function optionalArray(input: JsonInput, member: string): unknown[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(member, 'a list');
  return value;
}

export function optionalObject(input: JsonInput, member: string): Record<string, unknown> | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(member, 'a structure or map');
  return value as Record<string, unknown>;
}

export function optionalNumber(input: JsonInput, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw wrongType(member, 'a number');
  return value;
}

/** Epoch seconds, the JSON protocols' timestamp format. */
export function epochSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
