/**
 * The secret version that holds a rotation's new key. Secrets Manager wants a
 * ClientRequestToken of 32–64 characters, while execution names may be as
 * short as one, so the version id is derived from the execution: the same
 * execution always maps to the same version (retries stay idempotent) and two
 * executions never share one.
 */
import { createHash } from 'node:crypto';

export function secretVersionIdFor(executionArn: string, startedAt: string): string {
  const hex = createHash('sha256').update(`${executionArn}\n${startedAt}`).digest('hex');
  // UUID layout (version 8: custom) so the id reads like the ones Secrets Manager makes itself.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `a${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
