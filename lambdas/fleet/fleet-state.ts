/**
 * The shapes that flow through the fleet state machine: discover who is due,
 * start one child rotation per due principal, summarize. Only principal names,
 * execution ids, reasons and counts: never key material.
 */
import type { Provider } from '../rotation/rotation-state.ts';

/** Fleet execution input (the schedule sends `{}` or `{ "dryRun": true }`). */
export interface FleetInput {
  readonly dryRun?: boolean;
  /** Passed on to every child rotation; default: the deployment's. */
  readonly gracePeriodSeconds?: number;
  readonly deletionDelaySeconds?: number;
  /** Overrides the deployment's policy age for this run. */
  readonly maxKeyAgeDays?: number;
}

/** The Discover task's payload: the raw input plus context-object fields. */
export interface DiscoverRequest {
  readonly input: unknown;
  /** `$$.Execution.Id` */
  readonly executionArn: string;
  /** `$$.Execution.StartTime`: the run date (UTC) in child execution names comes from it. */
  readonly startedAt: string;
}

export type SkipReason =
  | 'EXEMPT'
  | 'TOO_YOUNG'
  | 'ROTATION_IN_FLIGHT'
  | 'TWO_ACTIVE_KEYS'
  | 'NO_ACTIVE_KEY'
  | 'NAME_NOT_USABLE';

export interface FleetSkip {
  readonly principal: string;
  readonly reason: SkipReason;
  /** e.g. "oldest Active key is 12 days old; due at 76 days". */
  readonly detail: string;
}

export interface DueDetail {
  readonly principal: string;
  readonly oldestKeyAgeDays: number;
  /**
   * True when the provider gave the Active key no creation date: it is
   * rotated, since its age cannot be shown within policy (`oldestKeyAgeDays` is then 0).
   */
  readonly createdAtUnknown?: boolean;
}

export interface FleetDiscovery {
  readonly provider: Provider;
  readonly executionArn: string;
  /** `yyyy-mm-dd` (UTC) of the run: child executions are named `<principal>-<runDate>`. */
  readonly runDate: string;
  readonly dryRun: boolean;
  readonly maxKeyAgeDays: number;
  /** A principal is due when its oldest Active key is at least this many days old. */
  readonly dueAtAgeDays: number;
  readonly gracePeriodSeconds: number;
  readonly deletionDelaySeconds: number;
  /** Principals in scope that were examined. */
  readonly scanned: number;
  /** Due principals: the Map's items. Plain names keep the state small (256 KiB per state). */
  readonly due: readonly string[];
  /** Why each due principal is due (capped like `skipped`). */
  readonly dueDetails: readonly DueDetail[];
  /** Skipped principals with reasons, capped at SKIPPED_LIST_LIMIT entries. */
  readonly skipped: readonly FleetSkip[];
  readonly skippedCounts: Readonly<Partial<Record<SkipReason, number>>>;
  /** How many skipped entries the cap left out. */
  readonly skippedNotListed: number;
}

export const SKIPPED_LIST_LIMIT = 500;

/** What one Map iteration yields, whether the child rotation succeeded or not. */
export interface FleetItemResult {
  readonly principal: string;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ALREADY_STARTED';
  readonly executionArn?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** The Summarize task's payload: `$` after the Map (`$.discovery`, `$.results`). */
export interface SummarizeRequest {
  readonly discovery: FleetDiscovery;
  readonly results: readonly FleetItemResult[];
}

export interface FleetSummary {
  readonly provider: Provider;
  readonly executionArn: string;
  readonly runDate: string;
  readonly dryRun: boolean;
  readonly counts: {
    readonly scanned: number;
    readonly due: number;
    readonly rotated: number;
    readonly alreadyStarted: number;
    readonly skipped: number;
    readonly failed: number;
  };
  readonly rotated: readonly { readonly principal: string; readonly executionArn?: string }[];
  readonly alreadyStarted: readonly string[];
  readonly skipped: readonly FleetSkip[];
  readonly failed: readonly { readonly principal: string; readonly error: string; readonly cause: string }[];
}
