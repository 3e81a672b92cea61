/**
 * The time axis under a key timeline: round tick times for the span shown,
 * their labels, and the span in words. Ticks fall on whole UTC seconds,
 * minutes, hours or days, so an auditor can read a bar's times off the axis
 * and check them against the tables.
 */
import { counted } from '../model/plural.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  3 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/** At most this many ticks, so their labels never overlap on the track. */
export const MAX_TICKS = 8;

export interface AxisTicks {
  readonly stepMs: number;
  /** Tick times, in ms since the epoch, inside [start, end]. */
  readonly times: readonly number[];
}

export function axisTicks(start: number, end: number): AxisTicks {
  const span = Math.max(1, end - start);
  const stepMs = STEPS.find((step) => span / step <= MAX_TICKS) ?? Math.ceil(span / MAX_TICKS / DAY) * DAY;
  const times: number[] = [];
  for (let time = Math.ceil(start / stepMs) * stepMs; time <= end; time += stepMs) times.push(time);
  return { stepMs, times };
}

/** A tick's label: the date for steps of days and at midnight, the clock time (UTC) otherwise. */
export function tickLabel(time: number, stepMs: number): string {
  const iso = new Date(time).toISOString();
  if (stepMs >= DAY || time % DAY === 0) return iso.slice(0, 10);
  return stepMs >= MINUTE ? iso.slice(11, 16) : iso.slice(11, 19);
}

/** A duration in the largest unit that keeps it at least 1: "14 days", "1 hour", "1.5 minutes". */
export function durationText(ms: number): string {
  const units = [
    [DAY, 'day'],
    [HOUR, 'hour'],
    [MINUTE, 'minute'],
    [SECOND, 'second'],
  ] as const;
  const [size, unit] = units.find(([size]) => ms >= size) ?? units[3];
  return counted(Math.round((ms / size) * 10) / 10, unit);
}
