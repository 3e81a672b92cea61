import { describe, expect, it } from 'vitest';
import { fieldsFromEvent, fieldsFromResult } from '../../lambdas/observability/step-log-fields.ts';
import { NEW_KEY_ID, OLD_KEY_ID, ROTATION_ID, SECRET_VERSION_ID, stateAfter } from './rotation-fixtures.ts';

describe('step log fields', () => {
  it('takes ids from a rotation state and nothing else', () => {
    // Prepare
    const state = {
      ...stateAfter({
        created: {
          newKeyId: NEW_KEY_ID,
          newKeyCreatedAt: '2025-02-01T00:01:00.000Z',
          secretVersionId: SECRET_VERSION_ID,
          deletedInactiveKeyId: null,
        },
      }),
      SecretAccessKey: 'smuggled-into-state',
    };

    // Act
    const fields = fieldsFromEvent(state);

    // Assess
    expect(fields).toEqual({
      rotationId: ROTATION_ID,
      principal: 'alice',
      oldKeyId: OLD_KEY_ID,
      newKeyId: NEW_KEY_ID,
    });
  });

  it('takes only the rotation id from a plan request, never its raw input', () => {
    // Act
    const fields = fieldsFromEvent({
      rotationId: ROTATION_ID,
      input: { principal: 'whatever a user typed' },
    });

    // Assess
    expect(fields).toEqual({ rotationId: ROTATION_ID });
  });

  it('ignores non-string values where ids are expected', () => {
    // Act
    const fields = fieldsFromResult({ newKeyId: { SecretAccessKey: 'nested' }, decision: 'DEFER' });

    // Assess
    expect(fields).toEqual({ decision: 'DEFER' });
  });

  it('reads the outcome of an evidence record from its status', () => {
    // Act
    const fields = fieldsFromResult({ principal: 'alice', status: 'SUCCEEDED', newKeyId: NEW_KEY_ID });

    // Assess
    expect(fields).toEqual({ principal: 'alice', newKeyId: NEW_KEY_ID, decision: 'SUCCEEDED' });
  });
});
