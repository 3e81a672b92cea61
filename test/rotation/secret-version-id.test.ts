import { describe, expect, it } from 'vitest';
import { secretVersionIdFor } from '../../lambdas/rotation/secret-version-id.ts';
import { EXECUTION_ARN, executionArnOf, OTHER_ROTATION_ID } from './rotation-fixtures.ts';

const STARTED_AT = '2030-01-01T00:00:00.000Z';
/** Secrets Manager's bounds on a ClientRequestToken, which becomes the version id. */
const TOKEN_MIN = 32;
const TOKEN_MAX = 64;

describe('secretVersionIdFor', () => {
  it('gives the same execution the same version id every time, so retries stay idempotent', () => {
    expect(secretVersionIdFor(EXECUTION_ARN, STARTED_AT)).toBe(secretVersionIdFor(EXECUTION_ARN, STARTED_AT));
  });

  it('gives executions with another ARN another version id', () => {
    expect(secretVersionIdFor(executionArnOf(OTHER_ROTATION_ID), STARTED_AT)).not.toBe(
      secretVersionIdFor(EXECUTION_ARN, STARTED_AT),
    );
  });

  it('gives an execution that reuses a name at another start time another version id', () => {
    expect(secretVersionIdFor(EXECUTION_ARN, '2030-01-01T00:00:00.001Z')).not.toBe(
      secretVersionIdFor(EXECUTION_ARN, STARTED_AT),
    );
  });

  it.each([
    ['a one-character execution name', executionArnOf('a')],
    ['an 80-character execution name', executionArnOf('x'.repeat(80))],
    ['the fixture execution', EXECUTION_ARN],
  ])('is a 36-character UUID-shaped id, within ClientRequestToken bounds, for %s', (_case, executionArn) => {
    const id = secretVersionIdFor(executionArn, STARTED_AT);
    expect(id).toHaveLength(36);
    expect(id.length).toBeGreaterThanOrEqual(TOKEN_MIN);
    expect(id.length).toBeLessThanOrEqual(TOKEN_MAX);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
