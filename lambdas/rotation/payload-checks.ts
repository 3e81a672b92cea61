/**
 * Shape checks for payloads the state machines build for their tasks. A
 * failure means a wiring mistake (a wrong Parameters, InputPath or
 * ResultPath), reported as a ValidationError naming the field rather than a
 * TypeError deep inside a rule.
 */
import { ValidationError } from './rotation-errors.ts';

export type Fields = Record<string, unknown>;

export function asRecord(value: unknown, field: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(field, 'must be an object');
  return value as Fields;
}

export function requireText(source: Fields, key: string, field: string): void {
  const value = source[key];
  if (typeof value !== 'string' || value === '')
    throw new ValidationError(field, 'is required and must be a non-empty string');
}
