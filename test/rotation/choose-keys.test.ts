import { describe, expect, it } from 'vitest';
import { chooseKeys } from '../../lambdas/rotation/choose-keys.ts';
import type { AccessKeyStatus } from '../../lambdas/rotation/ports.ts';
import { TwoActiveKeysError } from '../../lambdas/rotation/rotation-errors.ts';

const key = (keyId: string, status: AccessKeyStatus) => ({
  keyId,
  status,
  createdAt: '2029-01-01T00:00:00Z',
});

describe('chooseKeys', () => {
  it.each([
    ['managed Active key', [key('K1', 'Active')], 'K1', { oldKeyId: 'K1', adoption: false }],
    [
      'managed key next to an Inactive one',
      [key('K1', 'Inactive'), key('K2', 'Active')],
      'K2',
      {
        oldKeyId: 'K2',
        adoption: false,
        inactiveKeyToDeleteId: 'K1',
      },
    ],
    [
      'managed key that an operator deactivated',
      [key('K1', 'Inactive')],
      'K1',
      {
        oldKeyId: 'K1',
        inactiveKeyToDeleteId: null,
      },
    ],
    ['one unmanaged Active key', [key('K1', 'Active')], undefined, { oldKeyId: 'K1', adoption: true }],
    [
      'unmanaged Active next to Inactive',
      [key('K1', 'Active'), key('K2', 'Inactive')],
      undefined,
      {
        oldKeyId: 'K1',
        adoption: true,
        inactiveKeyToDeleteId: 'K2',
      },
    ],
    ['secret naming a vanished key', [key('K2', 'Active')], 'K1', { oldKeyId: 'K2', adoption: true }],
    ['no keys', [], undefined, { oldKeyId: null, adoption: false, inactiveKeyToDeleteId: null }],
    [
      'only an Inactive key',
      [key('K1', 'Inactive')],
      undefined,
      {
        oldKeyId: null,
        adoption: false,
        inactiveKeyToDeleteId: 'K1',
      },
    ],
  ])('%s', (_case, keys, current, expected) => {
    expect(chooseKeys('alice', keys, current)).toMatchObject(expected);
  });

  it.each([
    ['two unmanaged Active keys', [key('K1', 'Active'), key('K2', 'Active')], undefined],
    ['an Active key next to the managed one', [key('K1', 'Active'), key('K2', 'Active')], 'K1'],
    ['an Active key next to a deactivated managed one', [key('K1', 'Inactive'), key('K2', 'Active')], 'K1'],
  ])('refuses %s, naming both keys', (_case, keys, current) => {
    const act = () => chooseKeys('alice', keys, current);
    expect(act).toThrow(TwoActiveKeysError);
    expect(act).toThrow(/K1 \(\w+\), K2 \(Active\)/);
  });
});
