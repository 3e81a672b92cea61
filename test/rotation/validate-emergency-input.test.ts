/**
 * The key-id and emergency fields of the execution input: each bad value is a
 * ValidationError naming its field, refused before any port is called (the
 * Plan test at the end checks that no call was made at all).
 */
import { describe, expect, it } from 'vitest';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import type { RotatorSettings } from '../../lambdas/config/environment.ts';
import { planRotation } from '../../lambdas/rotation/plan-rotation.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { parseRotationInput } from '../../lambdas/rotation/validate-rotation-input.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';
import { managedScenario, planRequest } from './rotation-fixtures.ts';

const HUB = '123456789012';
const MEMBER = '111122223333';
const KEY = 'AKIAEXPOSED000000001';
const YANDEX: RotatorSettings = { ...TEST_SETTINGS, provider: 'yandex' };
const MULTI: RotatorSettings = {
  ...TEST_SETTINGS,
  accounts: { hubAccountId: HUB, scope: readAccountScope({ AKR_ACCOUNTS: MEMBER }) },
};

/** [what is wrong, raw input, settings, the field the error must name] */
const REFUSED: readonly [string, unknown, RotatorSettings, string][] = [
  ['neither principal nor accessKeyId', { emergency: true }, TEST_SETTINGS, 'principal'],
  ['emergency a string', { principal: 'alice', emergency: 'true' }, TEST_SETTINGS, 'emergency'],
  ['emergency a number', { principal: 'alice', emergency: 1 }, TEST_SETTINGS, 'emergency'],
  ['emergency null', { principal: 'alice', emergency: null }, TEST_SETTINGS, 'emergency'],
  [
    'emergency with a grace period',
    { principal: 'alice', emergency: true, gracePeriodSeconds: 60 },
    TEST_SETTINGS,
    'gracePeriodSeconds',
  ],
  [
    'emergency with a zero grace period',
    { principal: 'alice', emergency: true, gracePeriodSeconds: 0 },
    TEST_SETTINGS,
    'gracePeriodSeconds',
  ],
  ['an AWS key id of 15 characters', { accessKeyId: 'AKIA12345678901' }, TEST_SETTINGS, 'accessKeyId'],
  ['an AWS key id of 129 characters', { accessKeyId: 'A'.repeat(129) }, TEST_SETTINGS, 'accessKeyId'],
  ['an AWS key id with a dash', { accessKeyId: 'AKIA-234567890123' }, TEST_SETTINGS, 'accessKeyId'],
  ['an AWS key id a number', { accessKeyId: 1234567890123456 }, TEST_SETTINGS, 'accessKeyId'],
  ['a Yandex key id of 51 characters', { accessKeyId: 'Y'.repeat(51) }, YANDEX, 'accessKeyId'],
  ['a Yandex key id with a slash', { accessKeyId: 'YC/abc' }, YANDEX, 'accessKeyId'],
  ['account of 11 digits', { accessKeyId: KEY, account: '11112222333' }, MULTI, 'account'],
  ['account a number', { accessKeyId: KEY, account: 111122223333 }, MULTI, 'account'],
  ['account with a principal', { principal: 'alice', accessKeyId: KEY, account: MEMBER }, MULTI, 'account'],
  ['account without accessKeyId', { principal: 'alice', account: MEMBER }, MULTI, 'account'],
  ['account on Yandex', { accessKeyId: 'YCkey', account: MEMBER }, YANDEX, 'account'],
  ['account out of scope', { accessKeyId: KEY, account: '444455556666' }, MULTI, 'account'],
  [
    'exposureReportedAt without emergency',
    { principal: 'alice', exposureReportedAt: '2030-01-01T00:00:00Z' },
    TEST_SETTINGS,
    'exposureReportedAt',
  ],
  [
    'exposureReportedAt without a zone',
    { principal: 'alice', emergency: true, exposureReportedAt: '2030-01-01T00:00:00' },
    TEST_SETTINGS,
    'exposureReportedAt',
  ],
  [
    'exposureReportedAt a date only',
    { principal: 'alice', emergency: true, exposureReportedAt: '2030-01-01' },
    TEST_SETTINGS,
    'exposureReportedAt',
  ],
  [
    'exposureReportedAt in month 13',
    { principal: 'alice', emergency: true, exposureReportedAt: '2030-13-01T00:00:00Z' },
    TEST_SETTINGS,
    'exposureReportedAt',
  ],
  [
    'exposureReportedAt a number',
    { principal: 'alice', emergency: true, exposureReportedAt: 1_900_000_000 },
    TEST_SETTINGS,
    'exposureReportedAt',
  ],
];

describe('parseRotationInput: key id, account and emergency', () => {
  it.each(REFUSED)('refuses %s, naming the field', (_case, raw, settings, field) => {
    const act = () => parseRotationInput(raw, settings);
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', field }));
  });

  it('never echoes a malformed key id: what was pasted may be the secret key', () => {
    const pasted = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(() => parseRotationInput({ accessKeyId: pasted }, TEST_SETTINGS)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(pasted) }),
    );
  });

  it('takes a key id alone, with no principal', () => {
    expect(parseRotationInput({ accessKeyId: KEY }, TEST_SETTINGS)).toMatchObject({
      principal: undefined,
      accessKeyId: KEY,
      account: undefined,
      emergency: false,
    });
  });

  it('takes a Yandex key id and a resource id by the Yandex rule', () => {
    expect(parseRotationInput({ accessKeyId: 'YCAJE-short_1' }, YANDEX).accessKeyId).toBe('YCAJE-short_1');
    expect(parseRotationInput({ accessKeyId: 'aje0123456789' }, YANDEX).accessKeyId).toBe('aje0123456789');
  });

  it('keeps a member account in scope, and reads the hub id as the hub', () => {
    expect(parseRotationInput({ accessKeyId: KEY, account: MEMBER }, MULTI).account).toBe(MEMBER);
    expect(parseRotationInput({ accessKeyId: KEY, account: HUB }, MULTI).account).toBeUndefined();
  });

  it('leaves an out-of-scope account to the deployment when the caller does not check scope (the CLI)', () => {
    const input = parseRotationInput({ accessKeyId: KEY, account: '444455556666' }, MULTI, {
      checkAccountScope: false,
    });
    expect(input.account).toBe('444455556666');
  });

  it('makes an emergency wait no grace, and keeps the report time as given', () => {
    const input = parseRotationInput(
      { accessKeyId: KEY, emergency: true, exposureReportedAt: '2030-01-01T11:59:00+01:00' },
      TEST_SETTINGS,
    );
    expect(input).toMatchObject({
      emergency: true,
      gracePeriodSeconds: 0,
      exposureReportedAt: '2030-01-01T11:59:00+01:00',
      deletionDelaySeconds: TEST_SETTINGS.defaultDeletionDelaySeconds,
    });
  });

  it('lets an emergency keep its deletion delay', () => {
    const input = parseRotationInput(
      { principal: 'alice', emergency: true, deletionDelaySeconds: 5 },
      TEST_SETTINGS,
    );
    expect(input).toMatchObject({ gracePeriodSeconds: 0, deletionDelaySeconds: 5 });
  });
});

describe('planRotation refuses these before any port call', () => {
  it.each(REFUSED.filter(([, , settings]) => settings === TEST_SETTINGS))(
    '%s',
    async (_case, raw, _s, field) => {
      const { world } = managedScenario();
      const outcome = planRotation(planRequest(raw), world.ports);
      await expect(outcome).rejects.toMatchObject({ code: 'VALIDATION_ERROR', field });
      expect(world.log.calls).toEqual([]);
    },
  );
});
