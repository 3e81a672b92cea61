/**
 * `akr:*` context → stack props: values from `-c key=value` arrive as
 * strings, values from cdk.json may be numbers; malformed values stop the synth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { stackPropsFromContext } from '../../lib/settings/rotator-context.ts';

// Every App claims an output directory; these never synthesize, so they share one.
const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-context-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const propsFrom = (context: Record<string, unknown>) =>
  stackPropsFromContext(new App({ context, outdir }).node);

describe('stackPropsFromContext', () => {
  it('leaves every setting to the stack defaults when no context is given', () => {
    expect(propsFrom({})).toEqual({
      providers: undefined,
      gracePeriod: undefined,
      deletionDelay: undefined,
      secretNamePrefix: undefined,
      userPath: undefined,
      optInTag: undefined,
      oldKeyInUsePolicy: undefined,
      maxDeferrals: undefined,
      yandex: undefined,
      fleet: undefined,
    });
  });

  it('reads every documented key, from strings or numbers', () => {
    const props = propsFrom({
      'akr:gracePeriodDays': '2',
      'akr:deletionDelayDays': 0.5,
      'akr:secretNamePrefix': 'team-keys',
      'akr:userPath': '/rotated/',
      'akr:optInTag': 'rotate=yes',
      'akr:oldKeyInUsePolicy': 'fail',
      'akr:maxDeferrals': '0',
      'akr:providers': 'yandex',
      'akr:yandexAuthorizedKeySecret': 'ops/yc-key',
      'akr:yandexVerifyNewKey': 'false',
    });
    expect(props.gracePeriod?.toSeconds()).toBe(2 * 86_400);
    expect(props.deletionDelay?.toSeconds()).toBe(43_200);
    expect(props).toMatchObject({
      secretNamePrefix: 'team-keys',
      userPath: '/rotated/',
      optInTag: { key: 'rotate', value: 'yes' },
      oldKeyInUsePolicy: 'fail',
      maxDeferrals: 0,
      providers: ['yandex'],
      yandex: { authorizedKeySecret: 'ops/yc-key', verifyNewKey: false },
    });
  });

  it.each([
    ['aws', ['aws']],
    [' yandex , aws ', ['yandex', 'aws']],
    [
      ['aws', 'yandex'],
      ['aws', 'yandex'],
    ],
  ])('parses the provider list %j', (raw, providers) => {
    expect(propsFrom({ 'akr:providers': raw }).providers).toEqual(providers);
  });

  it.each([
    [true, true],
    ['true', true],
    [false, false],
  ])('parses akr:yandexVerifyNewKey %j', (raw, verifyNewKey) => {
    expect(propsFrom({ 'akr:yandexVerifyNewKey': raw }).yandex).toEqual({
      authorizedKeySecret: undefined,
      verifyNewKey,
    });
  });

  it.each([
    ['rotate', { key: 'rotate' }],
    ['rotate=', { key: 'rotate', value: '' }],
    ['team=a=b', { key: 'team', value: 'a=b' }],
    ['off', 'off'],
  ])('parses the opt-in tag %s', (raw, tag) => {
    expect(propsFrom({ 'akr:optInTag': raw }).optInTag).toEqual(tag);
  });

  it('reads every fleet key, from strings, numbers, booleans and lists', () => {
    const { fleet } = propsFrom({
      'akr:schedule': 'cron(30 6 ? * MON-FRI *)',
      'akr:scheduleTimezone': 'Europe/Moscow',
      'akr:fleetDryRun': true,
      'akr:maxKeyAgeDays': 60,
      'akr:exemptTag': 'rotation=never',
      'akr:exemptGroups': ['breakglass', 'ci'],
      'akr:yandexServiceAccounts': ' aje1 , aje2 ',
      'akr:fleetMaxConcurrency': '25',
      'akr:fleetToleratedFailurePercentage': 2.5,
    });
    expect(fleet).toEqual({
      schedule: 'cron(30 6 ? * MON-FRI *)',
      scheduleTimezone: 'Europe/Moscow',
      dryRun: true,
      maxKeyAgeDays: 60,
      exemptTag: { key: 'rotation', value: 'never' },
      exemptGroups: ['breakglass', 'ci'],
      yandexServiceAccounts: ['aje1', 'aje2'],
      maxConcurrency: 25,
      toleratedFailurePercentage: 2.5,
    });
  });

  it.each([
    ['off', 'off'],
    ['rate(12 hours)', 'rate(12 hours)'],
    ['rate(1 day)', 'rate(1 day)'],
  ])('accepts the schedule %s', (raw, schedule) => {
    expect(propsFrom({ 'akr:schedule': raw }).fleet?.schedule).toBe(schedule);
  });

  it.each([
    ['akr:gracePeriodDays', 'seven'],
    ['akr:deletionDelayDays', -1],
    ['akr:oldKeyInUsePolicy', 'ignore'],
    ['akr:maxDeferrals', '1.5'],
    ['akr:userPath', { path: '/' }],
    ['akr:providers', ''],
    ['akr:providers', []],
    ['akr:providers', 'aws,gcp'],
    ['akr:providers', 'aws,,yandex'],
    ['akr:providers', 'aws,aws'],
    ['akr:yandexVerifyNewKey', 'no'],
    ['akr:yandexAuthorizedKeySecret', { name: 'x' }],
    ['akr:schedule', 'daily'],
    ['akr:schedule', 'cron(0 3 * * ?)'],
    ['akr:schedule', 'rate(0 days)'],
    ['akr:scheduleTimezone', 'Mars/Olympus'],
    ['akr:fleetDryRun', 'yes'],
    ['akr:maxKeyAgeDays', '0'],
    ['akr:maxKeyAgeDays', '90d'],
    ['akr:exemptGroups', 'ops,break glass'],
    ['akr:yandexServiceAccounts', 'AJE1'],
    ['akr:fleetMaxConcurrency', '0'],
    ['akr:fleetMaxConcurrency', ' '],
    ['akr:fleetToleratedFailurePercentage', 101],
    ['akr:fleetToleratedFailurePercentage', 'ten'],
  ])('refuses %s = %j, naming the key', (key, value) => {
    expect(() => propsFrom({ [key]: value })).toThrow(key);
  });
});
