/**
 * The fleet settings as stack props: every default, and every refusal naming
 * the prop, checked before anything is built.
 */
import { describe, expect, it } from 'vitest';
import { type FleetSettingsProps, resolveFleetSettings } from '../../lib/settings/fleet-settings.ts';

describe('resolveFleetSettings', () => {
  it('applies every default: daily at 03:00 UTC, not a dry run, due at 90 days, 10 at once in each of 20 accounts, 10 % failures', () => {
    expect(resolveFleetSettings()).toEqual({
      schedule: 'cron(0 3 * * ? *)',
      scheduleTimezone: 'UTC',
      dryRun: false,
      maxKeyAgeDays: 90,
      exemptTag: { key: 'access-key-rotator:exempt' },
      exemptGroups: [],
      yandexServiceAccounts: [],
      maxConcurrency: 10,
      accountConcurrency: 20,
      toleratedFailurePercentage: 10,
      discoveryConcurrency: 8,
    });
  });

  it('switches the schedule off, and keeps every other value given', () => {
    const props: FleetSettingsProps = {
      schedule: 'off',
      scheduleTimezone: 'America/New_York',
      dryRun: true,
      maxKeyAgeDays: 30,
      exemptTag: { key: 'rotation', value: 'never' },
      exemptGroups: ['breakglass'],
      yandexServiceAccounts: ['aje0123456789abcdefg'],
      maxConcurrency: 1,
      accountConcurrency: 3,
      toleratedFailurePercentage: 0,
      discoveryConcurrency: 2,
    };
    const { schedule, ...rest } = props;
    expect(resolveFleetSettings(props)).toEqual({ ...rest, schedule: undefined });
  });

  it.each<[FleetSettingsProps, RegExp]>([
    [{ schedule: 'cron(0 3 * * *)' }, /fleet\.schedule must be cron/],
    [{ schedule: 'at(2025-01-01T00:00:00)' }, /fleet\.schedule/],
    [{ scheduleTimezone: 'Moscow' }, /fleet\.scheduleTimezone must be an IANA time zone/],
    [{ maxKeyAgeDays: 0 }, /fleet\.maxKeyAgeDays must be a whole number from 1/],
    [{ maxKeyAgeDays: 1.5 }, /fleet\.maxKeyAgeDays/],
    [{ exemptGroups: ['ops,dev'] }, /fleet\.exemptGroups must list IAM group names/],
    [
      { yandexServiceAccounts: ['sa-1'] },
      /fleet\.yandexServiceAccounts must list Yandex service-account ids/,
    ],
    [{ maxConcurrency: 0 }, /fleet\.maxConcurrency/],
    [{ maxConcurrency: 10_001 }, /fleet\.maxConcurrency/],
    [{ accountConcurrency: 0 }, /fleet\.accountConcurrency must be a whole number from 1 to 1000/],
    [{ accountConcurrency: 1.5 }, /fleet\.accountConcurrency/],
    [{ toleratedFailurePercentage: -1 }, /fleet\.toleratedFailurePercentage must be a percentage/],
    [{ discoveryConcurrency: 0 }, /fleet\.discoveryConcurrency/],
  ])('refuses %j', (props, message) => {
    expect(() => resolveFleetSettings(props)).toThrow(message);
  });
});
