/**
 * Reads Yandex REST request bodies and parameters. Like Yandex's REST
 * gateway, it refuses unknown body fields and wrong types with
 * INVALID_ARGUMENT, so a client sending e.g. a `status` finds out here.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonInput } from '../http/call-context.ts';
import { invalidArgument } from './grpc-status.ts';
import { DESCRIPTION_MAX_LENGTH, ID_MAX_LENGTH } from './yandex-constants.ts';

export function parseBody(body: Buffer, allowed: readonly string[]): JsonInput {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw invalidArgument('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidArgument('The request body must be a JSON object');
  const unknown = Object.keys(parsed).filter((field) => !allowed.includes(field));
  if (unknown.length > 0)
    throw invalidArgument(`Unknown field(s) in the request body: ${unknown.join(', ')}`);
  return parsed as JsonInput;
}

export function optionalText(input: JsonInput, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidArgument(`${field}: must be a string`);
  return value;
}

export function requiredId(value: string | null | undefined, field: string): string {
  if (value === undefined || value === null || value === '') throw invalidArgument(`${field}: required`);
  if (value.length > ID_MAX_LENGTH)
    throw invalidArgument(`${field}: the length must be at most ${ID_MAX_LENGTH} characters`);
  return value;
}

export function checkedDescription(description: string | undefined): string | undefined {
  if (description !== undefined && description.length > DESCRIPTION_MAX_LENGTH)
    throw invalidArgument(`description: the length must be at most ${DESCRIPTION_MAX_LENGTH} characters`);
  return description;
}

/** Query integer in [min, max]; absent or empty means `fallback`, and 0 means `fallback` too (proto default). */
export function pageSizeOf(raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max)
    throw invalidArgument(`pageSize: must be an integer from 0 to ${max}`);
  return Number(raw) === 0 ? fallback : Number(raw);
}

/** Runs `read` and turns any non-Yandex validation error it throws into INVALID_ARGUMENT. */
export function asInvalidArgument<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CloudApiError && Number.isNaN(Number(error.code)))
      throw invalidArgument(error.message);
    throw error;
  }
}
