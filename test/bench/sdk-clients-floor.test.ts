import { describe, expect, it } from 'vitest';
import { floorKey, floorSource } from '../../bench/sdk-clients-floor.ts';

describe('SDK clients floor', () => {
  it('names a client set the same whatever its order', () => {
    // Act / Assess
    expect(floorKey(['@aws-sdk/client-sts', '@aws-sdk/client-iam'])).toBe('iam+sts');
    expect(floorKey(['@aws-sdk/client-iam', '@aws-sdk/client-sts'])).toBe('iam+sts');
    expect(floorKey([])).toBe('no-sdk');
  });

  it('imports and constructs one client per package, and nothing else', () => {
    // Act
    const source = floorSource(['@aws-sdk/client-secrets-manager', '@aws-sdk/client-iam']);

    // Assess
    expect(source).toBe(
      [
        "import { IAMClient as C0 } from '@aws-sdk/client-iam';",
        "import { SecretsManagerClient as C1 } from '@aws-sdk/client-secrets-manager';",
        'export const clients = [new C0({}), new C1({})];',
        '',
      ].join('\n'),
    );
  });

  it('refuses a package whose client class it does not know', () => {
    // Act / Assess
    expect(() => floorSource(['@aws-sdk/client-kms'])).toThrow('add it to CLIENT_CLASSES');
  });
});
