/**
 * The flags of `akr evidence`, checked before anything is read, each refusal
 * naming its flag (exit 2).
 *
 * `--since`: how far back the report looks, as a duration before now (`90d`,
 * `12h`; the same units as the other duration flags) or a date (`2026-01-01`,
 * or a full ISO timestamp). 90 days by default: as far as Step Functions
 * keeps the history of closed executions.
 */
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { parseDurationSeconds } from '../duration.ts';

export const DEFAULT_SINCE = '90d';
export const FORMATS = ['md', 'html', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

export function parseSince(raw: string, now: Date): Date {
  const text = raw.trim();
  if (DATE.test(text)) {
    const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(date.getTime())) throw new ValidationError('--since', `"${raw}" is not a date`);
    if (date.getTime() > now.getTime()) throw new ValidationError('--since', `"${raw}" is in the future`);
    return date;
  }
  const seconds = parseDurationSeconds(text, '--since');
  return new Date(now.getTime() - seconds * 1000);
}

export function parseMaxKeyAgeDays(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new ValidationError('--max-key-age-days', 'must be a whole number of days from 1 to 3650');
  return days;
}

export function parseFormat(raw: string | undefined): Format {
  const format = raw ?? 'md';
  if ((FORMATS as readonly string[]).includes(format)) return format as Format;
  throw new ValidationError('--format', `"${format}" is not a format; use md, html, json or csv`);
}

export function parseProvider(raw: string | undefined): Provider | undefined {
  if (raw === undefined || raw === 'aws' || raw === 'yandex') return raw;
  throw new ValidationError('--provider', `"${raw}" is not a provider; use aws or yandex`);
}

/** Without `--local`: the rotation and fleet state machines, from the flags or the environment. */
export function stateMachineArns(
  local: boolean,
  flags: { readonly stateMachineArn?: string; readonly fleetStateMachineArn?: string },
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const arns = [
    flags.stateMachineArn ?? env.AKR_STATE_MACHINE_ARN,
    flags.fleetStateMachineArn ?? env.AKR_FLEET_STATE_MACHINE_ARN,
  ].filter((arn): arn is string => Boolean(arn));
  if (!local && arns.length === 0)
    throw new ValidationError(
      '--state-machine-arn',
      'required without --local (or set AKR_STATE_MACHINE_ARN and AKR_FLEET_STATE_MACHINE_ARN)',
    );
  return arns;
}
