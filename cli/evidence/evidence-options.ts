/**
 * The flags of `akr evidence`, checked before anything is read, each refusal
 * naming its flag (exit 2).
 *
 * `--since`: how far back the report looks, as a duration before now (`90d`,
 * `12h`; the same units as the other duration flags) or a date (`2026-01-01`,
 * or a full ISO timestamp). 90 days by default: as far as Step Functions
 * keeps the history of closed executions.
 */

import { MAX_KEY_AGE_DAYS_LIMIT } from '../../lambdas/fleet/validate-fleet-input.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { parseDurationSeconds } from '../duration.ts';
import {
  parseCalendarDate,
  parseProvider as parseProviderOption,
  parseStateMachineArn,
  parseWholeNumber,
} from '../option-parsers.ts';

export const DEFAULT_SINCE = '90d';
export const FORMATS = ['md', 'html', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** Ten years back: further than any archive this tool writes, and still a real date. */
export const MAX_SINCE_SECONDS = 3650 * 86_400;

export function parseSince(raw: string, now: Date): Date {
  const date = parseCalendarDate(raw, '--since');
  if (date) {
    if (date.getTime() > now.getTime()) throw new ValidationError('--since', `"${raw}" is in the future`);
    return date;
  }
  const seconds = parseDurationSeconds(raw, '--since', MAX_SINCE_SECONDS);
  return new Date(now.getTime() - seconds * 1000);
}

export function parseMaxKeyAgeDays(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  return parseWholeNumber(raw, '--max-key-age-days', { min: 1, max: MAX_KEY_AGE_DAYS_LIMIT, unit: 'days' });
}

export function parseFormat(raw: string | undefined): Format {
  const format = raw ?? 'md';
  if ((FORMATS as readonly string[]).includes(format)) return format as Format;
  throw new ValidationError('--format', `"${format}" is not a format; use md, html, json or csv`);
}

export function parseProvider(raw: string | undefined): Provider | undefined {
  return raw === undefined ? undefined : parseProviderOption(raw);
}

/** Without `--local`: the rotation and fleet state machines, from the flags or the environment. */
export function stateMachineArns(
  local: boolean,
  flags: { readonly stateMachineArn?: string; readonly fleetStateMachineArn?: string },
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const given = [
    ['--state-machine-arn', 'AKR_STATE_MACHINE_ARN', flags.stateMachineArn],
    ['--fleet-state-machine-arn', 'AKR_FLEET_STATE_MACHINE_ARN', flags.fleetStateMachineArn],
  ] as const;
  const arns = given.flatMap(([option, envName, flag]) => {
    const raw = flag ?? (env[envName] || undefined);
    return raw === undefined ? [] : [parseStateMachineArn(raw, flag ? option : `${option} (${envName})`)];
  });
  if (!local && arns.length === 0)
    throw new ValidationError(
      '--state-machine-arn',
      'required without --local (or set AKR_STATE_MACHINE_ARN and AKR_FLEET_STATE_MACHINE_ARN)',
    );
  return arns;
}
