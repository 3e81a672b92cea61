import { describe, expect, it } from 'vitest';
import {
  skippedKeyVerifier,
  yandexKeyVerifier,
} from '../../../lambdas/adapters/yandex/yandex-key-verifier.ts';

describe('Yandex key verifier', () => {
  it('skips the signed check only when AKR_VERIFY_NEW_KEY is false', () => {
    // Act
    const verifying = yandexKeyVerifier({ verifyNewKey: true }, {});
    const skipping = yandexKeyVerifier({ verifyNewKey: false }, {});

    // Assess
    expect(verifying).not.toBe(skippedKeyVerifier);
    expect(skipping).toBe(skippedKeyVerifier);
  });
});
