/**
 * Parameter rules IAM enforces server-side, with its own message format, so a
 * caller that skips client-side validation sees the same ValidationError here
 * as against AWS. The rules come from the IAM API reference (shared/seeds/).
 */
import { CloudApiError } from '../cloud-api-error.ts';

interface StringRule {
  readonly min: number;
  readonly max: number;
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

export const USER_NAME_RULE: StringRule = {
  min: 1,
  max: 128,
  pattern: /^[\w+=,.@-]+$/,
  patternText: '[\\w+=,.@-]+',
};
export const GROUP_NAME_RULE: StringRule = USER_NAME_RULE;
export const ROLE_NAME_RULE: StringRule = { ...USER_NAME_RULE, max: 64 };
export const POLICY_NAME_RULE: StringRule = USER_NAME_RULE;
export const POLICY_DOCUMENT_RULE: StringRule = { min: 1, max: 131_072 };
export const ROLE_DESCRIPTION_RULE: StringRule = { min: 0, max: 1000 };
export const ACCESS_KEY_ID_RULE: StringRule = { min: 16, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' };
export const PATH_RULE: StringRule = {
  min: 1,
  max: 512,
  pattern: /^(\/|\/[\u0021-\u007E]+\/)$/,
  patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
};
export const PATH_PREFIX_RULE: StringRule = {
  min: 1,
  max: 512,
  pattern: /^\/[\u0021-\u007F]*$/,
  patternText: '\\u002F[\\u0021-\\u007F]*',
};
export const MARKER_RULE: StringRule = { min: 1, max: 320 };
export const TAG_KEY_RULE: StringRule = { min: 1, max: 128 };
export const TAG_VALUE_RULE: StringRule = { min: 0, max: 256 };

function validationError(detail: string): CloudApiError {
  return new CloudApiError('ValidationError', `1 validation error detected: ${detail}`, 400);
}

export function checkString(value: string, field: string, rule: StringRule): string {
  const at = `Value '${value}' at '${field}' failed to satisfy constraint:`;
  if (value.length < rule.min)
    throw validationError(`${at} Member must have length greater than or equal to ${rule.min}`);
  if (value.length > rule.max)
    throw validationError(`${at} Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value))
    throw validationError(`${at} Member must satisfy regular expression pattern: ${rule.patternText}`);
  return value;
}

export function requiredString(value: string | undefined, field: string, rule: StringRule): string {
  if (value === undefined)
    throw validationError(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return checkString(value, field, rule);
}

export function optionalString(
  value: string | undefined,
  field: string,
  rule: StringRule,
): string | undefined {
  return value === undefined ? undefined : checkString(value, field, rule);
}

export function checkStatus(value: string | undefined): 'Active' | 'Inactive' {
  if (value === 'Active' || value === 'Inactive') return value;
  if (value === undefined)
    throw validationError(`Value null at 'status' failed to satisfy constraint: Member must not be null`);
  throw validationError(
    `Value '${value}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
  );
}

/** A `.member.N` list whose values must each be one of `allowed`. */
export function checkEnumList(
  values: readonly string[],
  field: string,
  allowed: readonly string[],
): string[] {
  values.forEach((value, index) => {
    if (!allowed.includes(value))
      throw validationError(
        `Value '${value}' at '${field}.${index + 1}.member' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      );
  });
  return [...values];
}

export function checkMaxItems(value: string | undefined): number {
  if (value === undefined) return 100;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 1000)
    throw validationError(
      `Value '${value}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  return parsed;
}
