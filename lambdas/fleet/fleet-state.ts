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
  /** AWS multi-account: this run rotates only these accounts of the deployment's scope (the hub by its id). */
  readonly accounts?: readonly string[];
  /** AWS multi-account: this run leaves these accounts alone, besides the deployment's excluded ones. */
  readonly excludeAccounts?: readonly string[];
  /** AWS organization scope: this run rotates only the accounts directly in these OUs (and the hub). */
  readonly organizationalUnits?: readonly string[];
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

/** An account Discover could not read: its role is missing, distrusts the hub, denies a call, or throttled past retries. */
export interface UnreadableAccount {
  /** The account id; `organization` or an `ou-…` id when Organizations itself could not be listed. */
  readonly account: string;
  /** The error's name, e.g. AccessDenied. */
  readonly error: string;
  /** Its message, shortened; names roles and actions, never keys. */
  readonly cause: string;
}

/** One account's share of the discovery. */
export interface AccountDiscovery {
  readonly account: string;
  readonly scanned: number;
  readonly due: number;
  readonly skipped: number;
}

/** Where Step Functions' Distributed Map reads its items from, and where Summarize writes. */
export interface FleetWorkLocation {
  readonly workBucket: string;
  /** `fleet/<provider>/<execution>/accounts.json`: one item per account with a due principal. */
  readonly accountsKey: string;
  /** `fleet/<provider>/<execution>/discovery.json`: the whole discovery, every list in full. */
  readonly discoveryKey: string;
}

/**
 * Discover's output and the fleet state the Map runs from. Bounded whatever
 * the fleet's size (a state carries at most 256 KiB): the due principals
 * themselves are in the work bucket, here only counts and capped lists.
 */
export interface FleetDiscovery extends FleetWorkLocation {
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
  /** Accounts whose principals were examined (the hub included). */
  readonly accounts: number;
  /** Principals in scope that were examined, over every account. */
  readonly scanned: number;
  /** Due principals, over every account: the child rotations the run starts. */
  readonly dueCount: number;
  /** Why due principals are due, the first LIST_LIMIT of them. */
  readonly dueDetails: readonly DueDetail[];
  readonly dueNotListed: number;
  /** Skipped principals with reasons, the first LIST_LIMIT of them. */
  readonly skipped: readonly FleetSkip[];
  readonly skippedCounts: Readonly<Partial<Record<SkipReason, number>>>;
  /** How many skipped entries the cap left out. */
  readonly skippedNotListed: number;
  /** Per account counts, the first ACCOUNT_LIST_LIMIT accounts. */
  readonly byAccount: readonly AccountDiscovery[];
  readonly byAccountNotListed: number;
  readonly unreadableAccounts: readonly UnreadableAccount[];
  readonly unreadableAccountsCount: number;
  readonly unreadableNotListed: number;
}

/** One item of `due/<account>.json`, the inner Map's items. */
export interface DueItem {
  readonly principal: string;
  /** The child execution name, `<principal with _ for />-<runDate>`. */
  readonly name: string;
}

/** One item of `accounts.json`, the outer Map's items. */
export interface DueAccount {
  readonly account: string;
  readonly itemsKey: string;
  readonly due: number;
}

/** `discovery.json`: what the bounded discovery leaves out, for Summarize and for people. */
export interface FullDiscovery {
  readonly discovery: FleetDiscovery;
  readonly byAccount: readonly AccountDiscovery[];
  readonly unreadableAccounts: readonly UnreadableAccount[];
  readonly skipped: readonly FleetSkip[];
}

/** The cap on each list Discover's state carries (skips, due details). */
export const SKIPPED_LIST_LIMIT = 200;
/** The cap on each list the summary carries (rotated, failed, skipped…): its entries are longer. */
export const SUMMARY_LIST_LIMIT = 100;
/** The cap on per-account entries and unreadable accounts in a state. */
export const ACCOUNT_LIST_LIMIT = 200;
export const UNREADABLE_LIST_LIMIT = 50;

/** What one Map iteration yields, whether the child rotation succeeded or not. */
export interface FleetItemResult {
  readonly principal: string;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ALREADY_STARTED';
  readonly executionArn?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** Where a Distributed Map's ResultWriter put its results: the Map's output. */
export interface MapResults {
  readonly MapRunArn?: string;
  readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

/** The Summarize task's payload: `$` after the Map (`$.discovery`, `$.results`). */
export interface SummarizeRequest {
  readonly discovery: FleetDiscovery;
  readonly results: MapResults;
}

export type AccountStatus = 'SUCCEEDED' | 'FAILED';

/** One account's outcome. FAILED: unreadable, its Map failed, or a child rotation failed. */
export interface AccountSummary {
  readonly account: string;
  readonly status: AccountStatus;
  readonly scanned: number;
  readonly due: number;
  readonly rotated: number;
  readonly alreadyStarted: number;
  readonly skipped: number;
  readonly failed: number;
  /** Set when the account as a whole failed: unreadable, or its rotations could not run. */
  readonly error?: string;
  readonly cause?: string;
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
    /** Accounts in scope, readable or not. */
    readonly accounts: number;
    readonly unreadableAccounts: number;
  };
  readonly byAccount: readonly AccountSummary[];
  readonly byAccountNotListed: number;
  readonly rotated: readonly { readonly principal: string; readonly executionArn?: string }[];
  readonly rotatedNotListed: number;
  readonly alreadyStarted: readonly string[];
  readonly alreadyStartedNotListed: number;
  readonly skipped: readonly FleetSkip[];
  readonly skippedNotListed: number;
  readonly failed: readonly { readonly principal: string; readonly error: string; readonly cause: string }[];
  readonly failedNotListed: number;
  readonly unreadableAccounts: readonly UnreadableAccount[];
  readonly unreadableNotListed: number;
  /** `fleet/<provider>/<execution>/results.json`: every result, grouped by account. */
  readonly resultsLocation: { readonly bucket: string; readonly key: string };
}

/** `results.json`: the whole run, every list in full. */
export interface FullResults {
  readonly provider: Provider;
  readonly executionArn: string;
  readonly runDate: string;
  readonly counts: FleetSummary['counts'];
  readonly accounts: readonly (AccountSummary & { readonly results: readonly FleetItemResult[] })[];
  readonly unreadableAccounts: readonly UnreadableAccount[];
  readonly skipped: readonly FleetSkip[];
}
