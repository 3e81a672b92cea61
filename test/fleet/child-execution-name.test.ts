import { describe, expect, it } from 'vitest';
import {
  childExecutionName,
  EXECUTION_NAME_MAX_LENGTH,
  runDateOf,
  unusableNameReason,
} from '../../lambdas/fleet/child-execution-name.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';

const RUN_DATE = '2030-01-01';
const DURATIONS = { gracePeriodSeconds: 604800, deletionDelaySeconds: 604800 };
const YANDEX = { ...TEST_SETTINGS, provider: 'yandex' as const };

describe('child execution names', () => {
  it('names a child after its principal and the UTC run date', () => {
    // Act
    const name = childExecutionName('alice', runDateOf(new Date('2030-01-01T23:59:59.999-05:00')));

    // Assess
    expect(name).toBe('alice-2030-01-02');
  });

  it.each(['alice', 'svc.deploy+ci=x@corp-1_A', 'a'.repeat(EXECUTION_NAME_MAX_LENGTH - 11)])(
    'accepts %s',
    (principal) => {
      expect(unusableNameReason(principal, RUN_DATE, DURATIONS, TEST_SETTINGS)).toBeUndefined();
    },
  );

  it.each([
    ['a comma, the one IAM allows', 'svc,ops', '","'],
    ['a space', 'alice smith', 'U+0020'],
    ['a tab', 'alice\tsmith', 'U+0009'],
    ['a slash', 'team/alice', '"/"'],
    ['a colon', 'team:alice', '":"'],
    ['a control character', 'alice\u0001', 'U+0001'],
    ['a C1 control character', 'alice\u0085', 'U+0085'],
    ['a non-breaking space', 'alice\u00a0smith', 'U+00A0'],
  ])('refuses %s, naming it', (_case, principal, shown) => {
    // Act
    const reason = unusableNameReason(principal, RUN_DATE, DURATIONS, TEST_SETTINGS);

    // Assess
    expect(reason).toBe(
      `${shown} is not allowed in a Step Functions execution name; rotate it on demand under another name`,
    );
  });

  it('refuses what the child rotation would refuse, for the provider deployed', () => {
    // Act
    const unicode = unusableNameReason('alicé', RUN_DATE, DURATIONS, TEST_SETTINGS);
    const upperCaseId = unusableNameReason('AJESERVICE0001', RUN_DATE, DURATIONS, YANDEX);
    const lowerCaseId = unusableNameReason('ajeservice0001', RUN_DATE, DURATIONS, YANDEX);

    // Assess
    expect(unicode).toMatch(/^the rotation would refuse it: principal: must be an IAM user name/);
    expect(upperCaseId).toMatch(
      /^the rotation would refuse it: principal: must be a Yandex service-account id/,
    );
    expect(lowerCaseId).toBeUndefined();
  });

  it('names a member principal <account>_<user>-<date>, the one "/" a name may not hold', () => {
    // Act
    const name = childExecutionName('111122223333/alice', RUN_DATE);
    const reason = unusableNameReason('111122223333/alice', RUN_DATE, DURATIONS, TEST_SETTINGS);

    // Assess
    expect(name).toBe('111122223333_alice-2030-01-01');
    expect(reason).toBeUndefined();
  });

  it('counts the account in the 80 characters, and judges the user by the rotation rule', () => {
    // Act: 13 + 56 + 11 = 80 fits; one more does not.
    const fits = unusableNameReason(`111122223333/${'a'.repeat(56)}`, RUN_DATE, DURATIONS, TEST_SETTINGS);
    const long = unusableNameReason(`111122223333/${'a'.repeat(57)}`, RUN_DATE, DURATIONS, TEST_SETTINGS);
    const user = unusableNameReason('111122223333/alicé', RUN_DATE, DURATIONS, TEST_SETTINGS);
    const second = unusableNameReason('111122223333/team/alice', RUN_DATE, DURATIONS, TEST_SETTINGS);

    // Assess
    expect(fits).toBeUndefined();
    expect(long).toBe('the child execution name would be 81 characters; Step Functions allows 80');
    expect(user).toMatch(/^the rotation would refuse it: principal: must be an IAM user name/);
    expect(second).toMatch(/^"\/" is not allowed/);
  });
});
