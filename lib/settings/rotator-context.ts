/**
 * Stack settings from CDK context, so a deployment is tuned without code:
 *
 *   npx cdk deploy -c akr:gracePeriodDays=3 -c akr:optInTag=rotate=yes -c akr:providers=aws
 *   npx cdk deploy -c 'akr:schedule=cron(0 6 ? * MON-FRI *)' -c akr:scheduleTimezone=Europe/Moscow
 *
 * | context key                           | value                                     | default                                  |
 * | ------------------------------------- | ----------------------------------------- | ---------------------------------------- |
 * | `akr:providers`                       | comma list of `aws`, `yandex`             | aws,yandex                               |
 * | `akr:gracePeriodDays`                 | days before the old key is retired        | 7                                        |
 * | `akr:deletionDelayDays`               | days from retire to delete                | 7                                        |
 * | `akr:secretNamePrefix`                | secrets are `<prefix>/<provider>/<id>`    | access-key-rotator                       |
 * | `akr:userPath`                        | AWS: IAM path of the users in scope       | /                                        |
 * | `akr:optInTag`                        | AWS: `key` (any value), `key=value`, `off` | access-key-rotator:rotate=true          |
 * | `akr:oldKeyInUsePolicy`               | defer, alert or fail                      | defer                                    |
 * | `akr:maxDeferrals`                    | grace periods a used key may defer        | 3                                        |
 * | `akr:yandexAuthorizedKeySecret`       | Yandex: name or ARN of the authorized key | access-key-rotator/yandex-authorized-key |
 * | `akr:yandexVerifyNewKey`              | Yandex: `true` or `false`                 | true                                     |
 * | `akr:schedule`                        | fleet: `cron(…)`, `rate(…)` or `off`      | cron(0 3 * * ? *) (daily 03:00)          |
 * | `akr:scheduleTimezone`                | fleet: IANA time zone of the cron         | UTC                                      |
 * | `akr:fleetDryRun`                     | fleet: scheduled runs only report         | false                                    |
 * | `akr:maxKeyAgeDays`                   | fleet: a key is due at this age           | 90                                       |
 * | `akr:exemptTag`                       | fleet, AWS: `key` or `key=value`          | access-key-rotator:exempt                |
 * | `akr:exemptGroups`                    | fleet, AWS: comma list of IAM groups      | none                                     |
 * | `akr:yandexServiceAccounts`           | fleet, Yandex: comma list of account ids  | none                                     |
 * | `akr:fleetMaxConcurrency`             | fleet: child rotations at once per account | 10                                      |
 * | `akr:fleetAccountConcurrency`         | fleet: accounts rotated at once           | 20                                       |
 * | `akr:fleetToleratedFailurePercentage` | fleet: failures before the run fails      | 10                                       |
 * | `akr:evidenceObjectLock`              | `governance:<days>`, `compliance:<days>`  | off (set only when the bucket is created) |
 * | `akr:accounts`                        | multi-account: `organization` or id list  | none: the hub account only               |
 * | `akr:organizationalUnits`             | with `organization`: comma list of `ou-…` | the whole organization                   |
 * | `akr:excludeAccounts`                 | comma list of account ids never rotated   | none                                     |
 * | `akr:organizationRoleArn`             | management account's listing role         | the hub calls Organizations itself       |
 * | `akr:memberRoleName`                  | hub and member: the member role's name    | access-key-rotator-member                |
 * | `akr:memberExternalId`                | hub and member: its sts:ExternalId        | access-key-rotator                       |
 * | `akr:secretLocation`                  | hub and member: `hub` or `member`         | hub                                      |
 * | `akr:organizationId`                  | hub and member: `o-…`, trust condition    | none                                     |
 * | `akr:hubAccountId`                    | member stacks: the hub's account id       | required there                           |
 * | `akr:leakResponse`                    | AWS: `on` or `off`, rotate exposed keys   | on                                       |
 */
import { Duration } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { OPT_IN_TAG_OFF } from '../../lambdas/config/environment.ts';
import type { OldKeyInUsePolicy } from '../../lambdas/rotation/rotation-state.ts';
import type { AccessKeyRotatorStackProps } from '../access-key-rotator-stack.ts';
import {
  ACCOUNT_CONTEXT_KEYS,
  accountsFromContext,
  type ContextReader,
  memberRoleSettingsFromContext,
} from '../member/account-context.ts';
import { checkHubAccountId } from '../member/hub-trusted-stack.ts';
import type { MemberRotationRoleStackProps } from '../member/member-rotation-role-stack.ts';
import type { OrganizationListingRoleStackProps } from '../member/organization-listing-role-stack.ts';
import { parseEvidenceObjectLock } from '../platform/evidence-archive-bucket.ts';
import type { OptInTag } from '../rotation/rotation-access.ts';
import { checkProviders } from '../rotator-providers.ts';
import {
  checkAccountConcurrency,
  checkExemptGroups,
  checkMaxConcurrency,
  checkMaxKeyAgeDays,
  checkPercentage,
  checkSchedule,
  checkTimezone,
  checkYandexServiceAccounts,
  type FleetSettingsProps,
} from './fleet-settings.ts';

export const CONTEXT_KEYS = {
  providers: 'akr:providers',
  gracePeriodDays: 'akr:gracePeriodDays',
  deletionDelayDays: 'akr:deletionDelayDays',
  secretNamePrefix: 'akr:secretNamePrefix',
  userPath: 'akr:userPath',
  optInTag: 'akr:optInTag',
  oldKeyInUsePolicy: 'akr:oldKeyInUsePolicy',
  maxDeferrals: 'akr:maxDeferrals',
  yandexAuthorizedKeySecret: 'akr:yandexAuthorizedKeySecret',
  yandexVerifyNewKey: 'akr:yandexVerifyNewKey',
  schedule: 'akr:schedule',
  scheduleTimezone: 'akr:scheduleTimezone',
  fleetDryRun: 'akr:fleetDryRun',
  maxKeyAgeDays: 'akr:maxKeyAgeDays',
  exemptTag: 'akr:exemptTag',
  exemptGroups: 'akr:exemptGroups',
  yandexServiceAccounts: 'akr:yandexServiceAccounts',
  fleetMaxConcurrency: 'akr:fleetMaxConcurrency',
  fleetAccountConcurrency: 'akr:fleetAccountConcurrency',
  fleetToleratedFailurePercentage: 'akr:fleetToleratedFailurePercentage',
  evidenceObjectLock: 'akr:evidenceObjectLock',
  leakResponse: 'akr:leakResponse',
  ...ACCOUNT_CONTEXT_KEYS,
} as const;

function contextReader(node: Node): ContextReader {
  return (key) => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    // cdk.json may hold JSON booleans and lists; `-c` always gives strings.
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new Error(`${key} must be a string or number`);
    return String(value);
  };
}

/** Whether the context names a hub account: the app then also offers the member-account stacks. */
export function hasHubAccountId(node: Node): boolean {
  return contextReader(node)(CONTEXT_KEYS.hubAccountId) !== undefined;
}

/** The member role stack's props: `akr:hubAccountId` (required) and the keys it shares with the hub. */
export function memberStackPropsFromContext(node: Node): MemberRotationRoleStackProps {
  const read = contextReader(node);
  return {
    ...memberRoleSettingsFromContext(read),
    hubAccountId: hubAccountIdFromContext(read),
    userPath: read(CONTEXT_KEYS.userPath),
    optInTag: optInTagOrOff(read(CONTEXT_KEYS.optInTag)),
    secretNamePrefix: read(CONTEXT_KEYS.secretNamePrefix),
  };
}

/** The organization listing role stack's props: the hub and the trust it shares with the member role. */
export function organizationListingStackPropsFromContext(node: Node): OrganizationListingRoleStackProps {
  const read = contextReader(node);
  const { memberExternalId, organizationId } = memberRoleSettingsFromContext(read);
  return { hubAccountId: hubAccountIdFromContext(read), memberExternalId, organizationId };
}

function hubAccountIdFromContext(read: ContextReader): string {
  const id = read(CONTEXT_KEYS.hubAccountId);
  if (id === undefined)
    throw new Error(`${CONTEXT_KEYS.hubAccountId} is required: the hub's 12-digit account id`);
  return checkHubAccountId(id, CONTEXT_KEYS.hubAccountId);
}

/** Reads the `akr:*` context; a malformed value fails the synth, naming its key. */
export function stackPropsFromContext(node: Node): AccessKeyRotatorStackProps {
  const read = contextReader(node);
  const days = (key: string): Duration | undefined => {
    const raw = read(key);
    if (raw === undefined) return undefined;
    const seconds = Number(raw) * 86_400;
    if (!Number.isInteger(seconds) || seconds < 0)
      throw new Error(`${key} must be a number of days, got "${raw}"`);
    return Duration.seconds(seconds);
  };
  const maxDeferrals = read(CONTEXT_KEYS.maxDeferrals);
  if (maxDeferrals !== undefined && !/^\d+$/.test(maxDeferrals)) {
    throw new Error(`${CONTEXT_KEYS.maxDeferrals} must be a non-negative integer, got "${maxDeferrals}"`);
  }
  const authorizedKeySecret = read(CONTEXT_KEYS.yandexAuthorizedKeySecret);
  const verifyNewKey = parseBoolean(read(CONTEXT_KEYS.yandexVerifyNewKey), CONTEXT_KEYS.yandexVerifyNewKey);
  const providers = parseProviders(node.tryGetContext(CONTEXT_KEYS.providers), read(CONTEXT_KEYS.providers));
  const accounts = accountsFromContext(read);
  if (accounts !== undefined && providers !== undefined && !providers.includes('aws'))
    throw new Error(`${CONTEXT_KEYS.accounts} needs the aws provider in ${CONTEXT_KEYS.providers}`);
  return {
    providers,
    gracePeriod: days(CONTEXT_KEYS.gracePeriodDays),
    deletionDelay: days(CONTEXT_KEYS.deletionDelayDays),
    secretNamePrefix: read(CONTEXT_KEYS.secretNamePrefix),
    userPath: read(CONTEXT_KEYS.userPath),
    optInTag: optInTagOrOff(read(CONTEXT_KEYS.optInTag)),
    oldKeyInUsePolicy: parsePolicy(read(CONTEXT_KEYS.oldKeyInUsePolicy)),
    maxDeferrals: maxDeferrals === undefined ? undefined : Number(maxDeferrals),
    yandex:
      authorizedKeySecret === undefined && verifyNewKey === undefined
        ? undefined
        : { authorizedKeySecret, verifyNewKey },
    fleet: fleetPropsFromContext(read),
    accounts,
    evidenceObjectLock: parseEvidenceObjectLock(
      read(CONTEXT_KEYS.evidenceObjectLock),
      CONTEXT_KEYS.evidenceObjectLock,
    ),
    leakResponse: parseOnOff(read(CONTEXT_KEYS.leakResponse), CONTEXT_KEYS.leakResponse),
  };
}

/** The fleet settings; undefined when no fleet key is given, so every fleet default applies. */
function fleetPropsFromContext(read: ContextReader): FleetSettingsProps | undefined {
  const K = CONTEXT_KEYS;
  const number = (key: string, check: (value: number, key: string) => number): number | undefined => {
    const raw = read(key);
    return raw === undefined ? undefined : check(raw.trim() === '' ? Number.NaN : Number(raw), key);
  };
  const list = (key: string, check: (names: string[], key: string) => readonly string[]) => {
    const names = read(key)
      ?.split(',')
      .map((name) => name.trim());
    return names === undefined ? undefined : check(names.filter(Boolean), key);
  };
  const schedule = read(K.schedule);
  const timezone = read(K.scheduleTimezone);
  const props: FleetSettingsProps = {
    schedule: schedule === undefined ? undefined : checkSchedule(schedule, K.schedule),
    scheduleTimezone: timezone === undefined ? undefined : checkTimezone(timezone, K.scheduleTimezone),
    dryRun: parseBoolean(read(K.fleetDryRun), K.fleetDryRun),
    maxKeyAgeDays: number(K.maxKeyAgeDays, checkMaxKeyAgeDays),
    exemptTag: parseOptInTag(read(K.exemptTag)),
    exemptGroups: list(K.exemptGroups, checkExemptGroups),
    yandexServiceAccounts: list(K.yandexServiceAccounts, checkYandexServiceAccounts),
    maxConcurrency: number(K.fleetMaxConcurrency, checkMaxConcurrency),
    accountConcurrency: number(K.fleetAccountConcurrency, checkAccountConcurrency),
    toleratedFailurePercentage: number(K.fleetToleratedFailurePercentage, checkPercentage),
  };
  return Object.values(props).every((value) => value === undefined) ? undefined : props;
}

/** Absent means every provider; present but empty (`-c akr:providers=` or `[]`) is refused. */
function parseProviders(value: unknown, raw: string | undefined): AccessKeyRotatorStackProps['providers'] {
  if (value === undefined || value === null) return undefined;
  const names = (raw ?? '').split(',').map((name) => name.trim());
  return checkProviders(names.every((name) => name === '') ? [] : names, CONTEXT_KEYS.providers);
}

function parseBoolean(raw: string | undefined, key: string): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`${key} must be true or false, got "${raw}"`);
}

function parseOnOff(raw: string | undefined, key: string): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${key} must be on or off, got "${raw}"`);
}

function parseOptInTag(raw: string | undefined): OptInTag | undefined {
  if (raw === undefined) return undefined;
  const separator = raw.indexOf('=');
  return separator < 0 ? { key: raw } : { key: raw.slice(0, separator), value: raw.slice(separator + 1) };
}

/** `off` is the deliberate opt-out; a tag key spelled `off` cannot be required. */
function optInTagOrOff(raw: string | undefined): OptInTag | typeof OPT_IN_TAG_OFF | undefined {
  return raw === OPT_IN_TAG_OFF ? OPT_IN_TAG_OFF : parseOptInTag(raw);
}

function parsePolicy(raw: string | undefined): OldKeyInUsePolicy | undefined {
  if (raw === undefined || raw === 'defer' || raw === 'alert' || raw === 'fail') return raw;
  throw new Error(`${CONTEXT_KEYS.oldKeyInUsePolicy} must be defer, alert or fail, got "${raw}"`);
}
