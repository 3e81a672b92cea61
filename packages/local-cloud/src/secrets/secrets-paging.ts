/**
 * Secrets Manager's list paging: MaxResults 1–100 (100 by default) and an
 * opaque NextToken, here the base64url of the next item's position.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonInput } from '../http/call-context.ts';
import { optionalNumber, optionalString } from '../http/json-input.ts';

export function pageOf<T>(
  items: readonly T[],
  input: JsonInput,
): { readonly page: readonly T[]; readonly NextToken?: string } {
  const maxResults = optionalNumber(input, 'MaxResults') ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100)
    throw new CloudApiError('InvalidParameterException', 'MaxResults must be between 1 and 100.');
  const token = optionalString(input, 'NextToken');
  const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0)
    throw new CloudApiError('InvalidNextTokenException', 'Invalid NextToken.');
  const end = start + maxResults;
  return {
    page: items.slice(start, end),
    ...(end < items.length && { NextToken: Buffer.from(String(end), 'utf8').toString('base64url') }),
  };
}
