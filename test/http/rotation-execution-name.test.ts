import { describe, expect, it } from 'vitest';
import {
  MAX_EXECUTION_NAME_LENGTH,
  rotationExecutionName,
} from '../../lambdas/http/rotation-execution-name.ts';

const AT = new Date('2025-02-01T09:30:45.678Z');

describe('rotationExecutionName', () => {
  it('is the principal and the UTC minute', () => {
    // Act
    const name = rotationExecutionName('alice', AT);

    // Assess
    expect(name).toBe('alice-2025-02-01T0930');
  });

  it("names a member account's principal with its account, / as _", () => {
    // Act
    const name = rotationExecutionName('111122223333/alice', new Date('2026-12-02T05:45:10.000Z'));

    // Assess
    expect(name).toBe('111122223333_alice-2026-12-02T0545');
  });

  it('is the same within a minute, so a double submit names one execution', () => {
    // Act
    const first = rotationExecutionName('alice', new Date('2025-02-01T09:30:00.000Z'));
    const second = rotationExecutionName('alice', new Date('2025-02-01T09:30:59.999Z'));

    // Assess
    expect(second).toBe(first);
  });

  it('differs a minute later the same day, so a leaked key can be rotated again', () => {
    // Act
    const morning = rotationExecutionName('alice', AT);
    const later = rotationExecutionName('alice', new Date('2025-02-01T09:31:00.000Z'));

    // Assess
    expect(later).not.toBe(morning);
  });

  it('uses UTC whatever the local time zone', () => {
    // Act
    const name = rotationExecutionName('bob', new Date('2025-02-01T23:59:00+02:00'));

    // Assess
    expect(name).toBe('bob-2025-02-01T2159');
  });

  it('replaces what Step Functions refuses in names with _, keeping what it accepts', () => {
    // Act
    const name = rotationExecutionName('ci,deploy+bot=1.x@corp-a_b', AT);

    // Assess
    expect(name).toBe('ci_deploy+bot=1.x@corp-a_b-2025-02-01T0930');
    expect(rotationExecutionName('a b:c/d\u0007', AT)).toBe('a_b_c_d_-2025-02-01T0930');
  });

  it('cuts a long IAM user name so the name fits 80 characters and keeps the minute', () => {
    // Act
    const name = rotationExecutionName('u'.repeat(128), AT);

    // Assess
    expect(name).toHaveLength(MAX_EXECUTION_NAME_LENGTH);
    expect(name.endsWith('-2025-02-01T0930')).toBe(true);
  });
});
