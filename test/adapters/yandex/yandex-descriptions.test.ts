import { describe, expect, it } from 'vitest';
import {
  createdKeyDescription,
  isRetiredDescription,
  MAX_DESCRIPTION_LENGTH,
  retiredKeyDescription,
} from '../../../lambdas/adapters/yandex/yandex-descriptions.ts';

const context = {
  rotationId: 'rot-2024-06-01',
  retiredAt: '2024-06-08T10:00:00.000Z',
  deleteAfter: '2024-06-15T10:00:00.000Z',
};

describe('Yandex key descriptions', () => {
  it('names the rotation that created a key', () => {
    // Act
    const description = createdKeyDescription('rot-2024-06-01');

    // Assess
    expect(description).toBe('access-key-rotator rot-2024-06-01');
    expect(isRetiredDescription(description)).toBe(false);
  });

  it('marks a retired key with when, by whom, and when it may be deleted', () => {
    // Act
    const description = retiredKeyDescription(context);

    // Assess
    expect(description).toBe(
      'access-key-rotator: retired 2024-06-08T10:00:00.000Z by rot-2024-06-01; delete after 2024-06-15T10:00:00.000Z',
    );
    expect(isRetiredDescription(description)).toBe(true);
  });

  it('shortens only the rotation id of an overlong description, keeping it within 256 characters', () => {
    // Prepare
    const rotationId = `${'r'.repeat(300)}`;

    // Act
    const description = retiredKeyDescription({ ...context, rotationId });

    // Assess
    expect(Array.from(description)).toHaveLength(MAX_DESCRIPTION_LENGTH);
    expect(isRetiredDescription(description)).toBe(true);
    expect(description.endsWith('; delete after 2024-06-15T10:00:00.000Z')).toBe(true);
  });

  it('never splits a surrogate pair when it truncates', () => {
    // Prepare
    const rotationId = '😀'.repeat(300);

    // Act
    const retired = retiredKeyDescription({ ...context, rotationId });
    const created = createdKeyDescription(rotationId);

    // Assess
    for (const description of [retired, created]) {
      expect(Array.from(description).length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
      expect(description.isWellFormed()).toBe(true);
    }
  });

  it.each([undefined, '', 'access-key-rotator rot-1', 'retired by hand', 'x access-key-rotator: retired'])(
    'does not take %j for a retired key',
    (description) => {
      // Act
      const retired = isRetiredDescription(description);

      // Assess
      expect(retired).toBe(false);
    },
  );
});
