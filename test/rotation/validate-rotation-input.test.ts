import { describe, expect, it } from 'vitest';
import { planRotation } from '../../lambdas/rotation/plan-rotation.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import {
  MAX_DURATION_SECONDS,
  parseRotationInput,
  STARTED_BY_EXECUTION_FIELD,
  validateAccessKeyId,
} from '../../lambdas/rotation/validate-rotation-input.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';
import { managedScenario, PRINCIPAL, planRequest } from './rotation-fixtures.ts';

const YEAR = MAX_DURATION_SECONDS;

/** [what is wrong, raw input, the field the error must name] */
const MALFORMED: readonly [string, unknown, string][] = [
  ['user name empty', { principal: '' }, 'principal'],
  ['user name of 129 characters', { principal: 'a'.repeat(129) }, 'principal'],
  ['user name with a space', { principal: 'alice smith' }, 'principal'],
  ['user name with a slash', { principal: 'team/alice' }, 'principal'],
  ['user name with unicode', { principal: 'alicé' }, 'principal'],
  ['user name with a newline', { principal: 'alice\n' }, 'principal'],
  ['principal missing', {}, 'principal'],
  ['principal a number', { principal: 42 }, 'principal'],
  ['principal null', { principal: null }, 'principal'],
  ['grace period as a string', { principal: PRINCIPAL, gracePeriodSeconds: '604800' }, 'gracePeriodSeconds'],
  ['grace period a float', { principal: PRINCIPAL, gracePeriodSeconds: 1.5 }, 'gracePeriodSeconds'],
  ['grace period negative', { principal: PRINCIPAL, gracePeriodSeconds: -1 }, 'gracePeriodSeconds'],
  ['grace period NaN', { principal: PRINCIPAL, gracePeriodSeconds: Number.NaN }, 'gracePeriodSeconds'],
  ['grace period infinite', { principal: PRINCIPAL, gracePeriodSeconds: Infinity }, 'gracePeriodSeconds'],
  ['grace period over a year', { principal: PRINCIPAL, gracePeriodSeconds: YEAR + 1 }, 'gracePeriodSeconds'],
  ['grace period null', { principal: PRINCIPAL, gracePeriodSeconds: null }, 'gracePeriodSeconds'],
  [
    'deletion delay as a string',
    { principal: PRINCIPAL, deletionDelaySeconds: '7d' },
    'deletionDelaySeconds',
  ],
  ['deletion delay negative', { principal: PRINCIPAL, deletionDelaySeconds: -60 }, 'deletionDelaySeconds'],
  ['deletion delay null', { principal: PRINCIPAL, deletionDelaySeconds: null }, 'deletionDelaySeconds'],
  [
    'grace plus deletion over a year',
    { principal: PRINCIPAL, gracePeriodSeconds: YEAR - 10, deletionDelaySeconds: 11 },
    'gracePeriodSeconds',
  ],
  ['dryRun as a string', { principal: PRINCIPAL, dryRun: 'true' }, 'dryRun'],
  ['dryRun as a number', { principal: PRINCIPAL, dryRun: 1 }, 'dryRun'],
  ['dryRun null', { principal: PRINCIPAL, dryRun: null }, 'dryRun'],
  ['an unknown field', { principal: PRINCIPAL, graceperiodseconds: 60 }, 'graceperiodseconds'],
  ['a secret smuggled in', { principal: PRINCIPAL, SecretAccessKey: 'x' }, 'SecretAccessKey'],
  ['input an array', [{ principal: PRINCIPAL }], 'input'],
  ['input null', null, 'input'],
  ['input a number', 42, 'input'],
  ['input a string', '{"principal":"alice"}', 'input'],
  ['input undefined', undefined, 'input'],
];

describe('planRotation refuses malformed input before any port call', () => {
  it.each(MALFORMED)('%s', async (_case, input, field) => {
    // Prepare
    const { world } = managedScenario();
    // Act
    const outcome = planRotation({ ...planRequest(), input }, world.ports);
    // Assess
    const error = await outcome.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    expect((error as Error).message).toContain(field);
    expect(world.log.calls).toEqual([]);
  });
});

describe('parseRotationInput', () => {
  it('fills the durations and dryRun from the settings when left out', () => {
    // Act
    const input = parseRotationInput({ principal: 'svc.deploy+ci=x,y@corp-1_A' }, TEST_SETTINGS);
    // Assess
    expect(input).toEqual({
      principal: 'svc.deploy+ci=x,y@corp-1_A',
      accessKeyId: undefined,
      account: undefined,
      emergency: false,
      exposureReportedAt: undefined,
      gracePeriodSeconds: TEST_SETTINGS.defaultGracePeriodSeconds,
      deletionDelaySeconds: TEST_SETTINGS.defaultDeletionDelaySeconds,
      dryRun: false,
    });
  });

  it('accepts the limits themselves: 128-character name, zero waits, exactly one year in total', () => {
    const longest = 'a'.repeat(128);
    expect(
      parseRotationInput(
        { principal: longest, gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
        TEST_SETTINGS,
      ),
    ).toMatchObject({ principal: longest, gracePeriodSeconds: 0, deletionDelaySeconds: 0 });
    expect(
      parseRotationInput(
        { principal: 'a', gracePeriodSeconds: YEAR - 1, deletionDelaySeconds: 1, dryRun: true },
        TEST_SETTINGS,
      ),
    ).toMatchObject({ gracePeriodSeconds: YEAR - 1, deletionDelaySeconds: 1, dryRun: true });
  });

  it('counts the default deletion delay against the one-year limit, naming both fields', () => {
    // Act
    const act = () => parseRotationInput({ principal: 'a', gracePeriodSeconds: YEAR }, TEST_SETTINGS);
    // Assess
    expect(act).toThrow(/gracePeriodSeconds.*deletionDelaySeconds/);
  });

  it.each([
    ['ajegtlf2q28a2nlmsvbl', true],
    ['a'.repeat(50), true],
    ['a'.repeat(51), false],
    ['AJEGTLF2Q28A2NLMSVBL', false],
    ['aje-gtlf2q28a2nlmsvbl', false],
    ['alice', true],
  ])('a Yandex deployment takes service-account id %s: %s', (principal, valid) => {
    const settings = { ...TEST_SETTINGS, provider: 'yandex' as const };
    const act = () => parseRotationInput({ principal }, settings);
    if (valid) expect(act()).toMatchObject({ principal });
    else expect(act).toThrow(expect.objectContaining({ field: 'principal' }));
  });

  it('refuses an IAM user name that only a Yandex deployment would accept, and the reverse', () => {
    const yandex = { ...TEST_SETTINGS, provider: 'yandex' as const };
    expect(() => parseRotationInput({ principal: 'Alice.Smith' }, yandex)).toThrow(/service-account id/);
    expect(() => parseRotationInput({ principal: 'a'.repeat(129) }, TEST_SETTINGS)).toThrow(/IAM user name/);
  });
});

describe('parseRotationInput for a child execution the fleet started', () => {
  const PARENT = 'arn:aws:states:eu-west-1:123456789012:execution:akr-fleet-aws:scheduled-2030-01-01';

  it('accepts the linking field Step Functions adds, and ignores it', () => {
    // Prepare
    const plain = { principal: PRINCIPAL, gracePeriodSeconds: 60, deletionDelaySeconds: 0, dryRun: true };
    // Act
    const linked = parseRotationInput({ ...plain, [STARTED_BY_EXECUTION_FIELD]: PARENT }, TEST_SETTINGS);
    // Assess
    expect(STARTED_BY_EXECUTION_FIELD).toBe('AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID');
    expect(linked).toEqual(parseRotationInput(plain, TEST_SETTINGS));
    expect(JSON.stringify(linked)).not.toContain(PARENT);
  });

  it.each([
    ['the linking field as a number', { [STARTED_BY_EXECUTION_FIELD]: 42 }, STARTED_BY_EXECUTION_FIELD],
    ['the linking field as null', { [STARTED_BY_EXECUTION_FIELD]: null }, STARTED_BY_EXECUTION_FIELD],
    [
      'the linking field in lower case',
      { aws_step_functions_started_by_execution_id: PARENT },
      'aws_step_functions_started_by_execution_id',
    ],
    ['another AWS_ field', { AWS_STEP_FUNCTIONS_EXECUTION_ID: PARENT }, 'AWS_STEP_FUNCTIONS_EXECUTION_ID'],
  ])('still refuses %s, naming the field', (_case, extra, field) => {
    // Act
    const act = () => parseRotationInput({ principal: PRINCIPAL, ...extra }, TEST_SETTINGS);
    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', field }));
  });
});

describe('validateAccessKeyId', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', true],
    ['A'.repeat(16), true],
    ['A'.repeat(128), true],
    ['A'.repeat(15), false],
    ['A'.repeat(129), false],
    ['AKIAIOSFODNN7EXAMPL-', false],
    [1234567890123456, false],
  ])('%s is valid: %s', (value, valid) => {
    const act = () => validateAccessKeyId(value, 'oldKeyId');
    if (valid) expect(act()).toBe(value);
    else expect(act).toThrow(expect.objectContaining({ field: 'oldKeyId', code: 'VALIDATION_ERROR' }));
  });

  it('names accessKeyId when no field is given', () => {
    expect(() => validateAccessKeyId('short')).toThrow(/^accessKeyId: /);
  });
});
