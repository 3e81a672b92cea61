/**
 * The flags of `akr evidence`: each bad value is refused naming its flag,
 * before anything is read.
 */
import { describe, expect, it } from 'vitest';
import {
  parseFormat,
  parseMaxKeyAgeDays,
  parseProvider,
  parseSince,
  stateMachineArns,
} from '../../cli/evidence/evidence-options.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');

describe('evidence options', () => {
  it('--since takes a duration before now or a date', () => {
    expect(parseSince('90d', NOW).toISOString()).toBe('2026-08-25T12:00:00.000Z');
    expect(parseSince('12h', NOW).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(parseSince('2026-01-01', NOW).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T06:30:00Z', NOW).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('--since refuses what is not a duration or a past date', () => {
    expect(() => parseSince('ninety days', NOW)).toThrow(/--since/);
    expect(() => parseSince('2027-01-01', NOW)).toThrow(/--since.*future/);
    expect(() => parseSince('2026-13-45', NOW)).toThrow(/--since.*not a date/);
  });

  it('--max-key-age-days is a whole number of days, 90 unless given', () => {
    expect(parseMaxKeyAgeDays(undefined, 90)).toBe(90);
    expect(parseMaxKeyAgeDays('60', 90)).toBe(60);
    for (const bad of ['0', '1.5', 'abc', '4000'])
      expect(() => parseMaxKeyAgeDays(bad, 90)).toThrow(/--max-key-age-days/);
  });

  it('--format and --provider take only the documented values', () => {
    expect(parseFormat(undefined)).toBe('md');
    expect(parseFormat('csv')).toBe('csv');
    expect(() => parseFormat('pdf')).toThrow(/--format/);
    expect(parseProvider(undefined)).toBeUndefined();
    expect(parseProvider('yandex')).toBe('yandex');
    expect(() => parseProvider('gcp')).toThrow(/--provider/);
  });

  it('without --local, the state machines come from the flags, else the environment, else it refuses', () => {
    const arn = (name: string) => `arn:aws:states:eu-west-1:123456789012:stateMachine:${name}`;
    const env = { AKR_STATE_MACHINE_ARN: arn('rotation'), AKR_FLEET_STATE_MACHINE_ARN: arn('fleet') };

    expect(stateMachineArns(false, {}, env)).toEqual([arn('rotation'), arn('fleet')]);
    expect(stateMachineArns(false, { stateMachineArn: arn('flag') }, env)).toEqual([
      arn('flag'),
      arn('fleet'),
    ]);
    expect(() => stateMachineArns(false, {}, {})).toThrow(/--state-machine-arn/);
    expect(stateMachineArns(true, {}, {})).toEqual([]);
  });

  it('refuses a malformed state machine ARN, from a flag or from the environment, naming where it came from', () => {
    expect(() => stateMachineArns(false, { fleetStateMachineArn: 'arn:fleet' }, {})).toThrow(
      /^--fleet-state-machine-arn: "arn:fleet" is not a state machine ARN/,
    );
    expect(() => stateMachineArns(true, {}, { AKR_STATE_MACHINE_ARN: 'WorkflowStateMachine' })).toThrow(
      /^--state-machine-arn \(AKR_STATE_MACHINE_ARN\): /,
    );
  });

  it('--since refuses impossible calendar dates instead of shifting them', () => {
    for (const bad of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-00-10', '2026-11-01T24:00:00Z'])
      expect(() => parseSince(bad, NOW), bad).toThrow(/^--since: .*not a date on the calendar/);
    expect(parseSince('2024-02-29', NOW).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseSince('2026-11-01T06:30:00+02:00', NOW).toISOString()).toBe('2026-11-01T04:30:00.000Z');
  });

  it('--since refuses a huge duration by name instead of crashing on an invalid date', () => {
    expect(() => parseSince('99999999999999d', NOW)).toThrow(/^--since: .*over the limit/);
    expect(() => parseSince('3651d', NOW)).toThrow(/^--since: .*over the limit/);
    expect(parseSince('3650d', NOW).getUTCFullYear()).toBe(2016);
  });

  it('--max-key-age-days takes decimal digits only', () => {
    for (const loose of ['0x10', '1e2', ' 60', '60 ', '+60', '', '60.0'])
      expect(() => parseMaxKeyAgeDays(loose, 90), JSON.stringify(loose)).toThrow(/^--max-key-age-days: /);
  });
});
