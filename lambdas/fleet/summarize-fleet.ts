/**
 * Step Summarize of the fleet workflow: what the run did, for the operator,
 * the notification and the auditor ("proof that the job runs on schedule").
 *
 * Normal path: read the outer Map's results (one per account with a due
 * principal) → for each account, its inner Map's results (one per child
 * rotation) → each result lands in one list by its status: SUCCEEDED →
 * rotated, ALREADY_STARTED → alreadyStarted (a same-day re-run found the child
 * execution name taken, so nothing was started twice), anything else →
 * failed with its error and cause → group by account, with the accounts that
 * had nobody due and the unreadable ones (FAILED, with their cause) from the
 * full discovery → write every result to `results.json` → return the bounded
 * summary: counts over everyone, lists capped with `…NotListed` counts.
 *
 * Failure path: an account whose inner Map failed (AccountFailed), whose
 * outer item failed or never ran, or that has no result at all, is FAILED
 * with that error: a result the summary cannot read never passes for a
 * success. A failed child's cause is shortened to CAUSE_LIMIT characters;
 * when it is the JSON Step Functions gives for a failed child execution, only
 * the child's own Error and Cause are kept, not its input or ARNs. A store
 * error propagates (the task retries; Summarize only reads and overwrites).
 */

import { fitSummary } from './fit-summary.ts';
import type { FleetWorkStore } from './fleet-ports.ts';
import {
  ACCOUNT_LIST_LIMIT,
  type AccountSummary,
  type DueAccount,
  type FleetItemResult,
  type FleetSkip,
  type FleetSummary,
  type FullDiscovery,
  type FullResults,
  SUMMARY_LIST_LIMIT,
  type SummarizeRequest,
  UNREADABLE_LIST_LIMIT,
} from './fleet-state.ts';
import { resultsKeyOf, runPrefix } from './fleet-work-keys.ts';
import { type MapRunRecord, readMapRunResults } from './map-run-results.ts';

export const CAUSE_LIMIT = 500;

/** Step Functions' own limit on an error name. */
const ERROR_LIMIT = 256;

const UNKNOWN_ERROR = 'UnknownError';

function truncate(text: string, limit = CAUSE_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The failed child's own error, when the cause is the child-execution JSON (`Error`, `Cause`). */
export function failureOf(result: Pick<FleetItemResult, 'error' | 'cause'>): {
  error: string;
  cause: string;
} {
  const cause = result.cause ?? '';
  const child = parseObject(cause);
  const childError = nonEmpty(child?.Error);
  const childCause = nonEmpty(child?.Cause);
  return {
    error: truncate(childError ?? result.error ?? UNKNOWN_ERROR, ERROR_LIMIT),
    cause: truncate(childError !== undefined || childCause !== undefined ? (childCause ?? '') : cause),
  };
}

interface AccountOutcome {
  readonly results: FleetItemResult[];
  failure?: { error: string; cause: string };
}

/** A child rotation's result from one inner Map record. */
function itemResultOf(record: MapRunRecord): FleetItemResult {
  const principal = nonEmpty(record.output.principal) ?? nonEmpty(record.input.principal) ?? '';
  const status = record.output.status;
  if (record.status === 'SUCCEEDED' && (status === 'SUCCEEDED' || status === 'ALREADY_STARTED')) {
    const executionArn = nonEmpty(record.output.executionArn);
    return { principal, status, ...(executionArn !== undefined && { executionArn }) };
  }
  // RecordItemFailure's own error, else the item execution's (it timed out, was aborted, never ran).
  const error = nonEmpty(record.output.error) ?? record.error ?? `States.${record.status}`;
  const cause = nonEmpty(record.output.cause) ?? record.cause ?? '';
  return { principal, status: 'FAILED', ...failureOf({ error, cause }) };
}

async function readAccount(store: FleetWorkStore, record: MapRunRecord, outcome: AccountOutcome) {
  const { output } = record;
  if (record.status !== 'SUCCEEDED' || output.status === 'FAILED') {
    outcome.failure = failureOf({
      error: nonEmpty(output.error) ?? record.error ?? `States.${record.status}`,
      cause: nonEmpty(output.cause) ?? record.cause ?? '',
    });
    return;
  }
  const run = output.run as { ResultWriterDetails?: { Bucket: string; Key: string } } | undefined;
  if (run?.ResultWriterDetails === undefined) {
    outcome.failure = { error: 'NoResult', cause: 'the account rotation left no results' };
    return;
  }
  for await (const item of readMapRunResults(store, { ResultWriterDetails: run.ResultWriterDetails }))
    outcome.results.push(itemResultOf(item));
}

function statusOf(summary: Omit<AccountSummary, 'status'>): AccountSummary['status'] {
  return summary.error !== undefined || summary.failed > 0 ? 'FAILED' : 'SUCCEEDED';
}

function capped<T>(items: readonly T[], limit = SUMMARY_LIST_LIMIT): { list: T[]; notListed: number } {
  return { list: items.slice(0, limit), notListed: Math.max(0, items.length - limit) };
}

export async function summarizeFleet(
  request: SummarizeRequest,
  store: FleetWorkStore,
): Promise<FleetSummary> {
  const { discovery } = request;
  const full = (await store.getJson(discovery.discoveryKey)) as FullDiscovery;
  const dueAccounts = (await store.getJson(discovery.accountsKey)) as DueAccount[];

  const outcomes = new Map<string, AccountOutcome>();
  const outcomeOf = (account: string): AccountOutcome => {
    let outcome = outcomes.get(account);
    if (outcome === undefined) {
      outcome = { results: [] };
      outcomes.set(account, outcome);
    }
    return outcome;
  };
  for await (const record of readMapRunResults(store, request.results)) {
    const account = nonEmpty(record.output.account) ?? nonEmpty(record.input.account) ?? 'unknown';
    await readAccount(store, record, outcomeOf(account));
  }
  for (const due of dueAccounts) {
    const outcome = outcomeOf(due.account);
    if (outcome.results.length === 0 && outcome.failure === undefined)
      outcome.failure = {
        error: 'NoResult',
        cause: `${due.due} due, but the run recorded no result for them`,
      };
  }

  const skipsOf = new Map<string, number>(full.byAccount.map((a) => [a.account, a.skipped]));
  const accounts: (AccountSummary & { results: FleetItemResult[] })[] = [];
  for (const read of full.byAccount) {
    const outcome = outcomes.get(read.account) ?? { results: [] };
    const count = (status: FleetItemResult['status']) =>
      outcome.results.filter((result) => result.status === status).length;
    const base = {
      account: read.account,
      scanned: read.scanned,
      due: read.due,
      rotated: count('SUCCEEDED'),
      alreadyStarted: count('ALREADY_STARTED'),
      skipped: skipsOf.get(read.account) ?? 0,
      failed: count('FAILED'),
      ...outcome.failure,
    };
    accounts.push({ ...base, status: statusOf(base), results: outcome.results });
  }
  for (const unreadable of full.unreadableAccounts)
    accounts.push({
      account: unreadable.account,
      status: 'FAILED',
      scanned: 0,
      due: 0,
      rotated: 0,
      alreadyStarted: 0,
      skipped: 0,
      failed: 0,
      error: unreadable.error,
      cause: unreadable.cause,
      results: [],
    });

  const all = accounts.flatMap((account) => account.results);
  const rotated = all
    .filter((result) => result.status === 'SUCCEEDED')
    .map(({ principal, executionArn }) =>
      executionArn === undefined ? { principal } : { principal, executionArn },
    );
  const alreadyStarted = all.filter((result) => result.status === 'ALREADY_STARTED').map((r) => r.principal);
  const failed = all
    .filter((result) => result.status === 'FAILED')
    .map((result) => ({
      principal: result.principal,
      error: result.error ?? UNKNOWN_ERROR,
      cause: result.cause ?? '',
    }));
  const skipped: readonly FleetSkip[] = full.skipped;
  const counts: FleetSummary['counts'] = {
    scanned: discovery.scanned,
    due: discovery.dueCount,
    rotated: rotated.length,
    alreadyStarted: alreadyStarted.length,
    skipped: skipped.length,
    failed: failed.length,
    accounts: full.byAccount.length + full.unreadableAccounts.length,
    unreadableAccounts: full.unreadableAccounts.length,
  };

  const key = resultsKeyOf(runPrefix(discovery.provider, discovery.executionArn));
  const results: FullResults = {
    provider: discovery.provider,
    executionArn: discovery.executionArn,
    runDate: discovery.runDate,
    counts,
    accounts,
    unreadableAccounts: full.unreadableAccounts,
    skipped,
  };
  await store.putJson(key, results);

  const byAccount = capped(
    accounts.map(({ results: _results, ...summary }) => summary),
    ACCOUNT_LIST_LIMIT,
  );
  const lists = {
    rotated: capped(rotated),
    alreadyStarted: capped(alreadyStarted),
    skipped: capped(skipped),
    failed: capped(failed),
    unreadable: capped(full.unreadableAccounts, UNREADABLE_LIST_LIMIT),
  };
  return fitSummary({
    provider: discovery.provider,
    executionArn: discovery.executionArn,
    runDate: discovery.runDate,
    dryRun: discovery.dryRun,
    counts,
    byAccount: byAccount.list,
    byAccountNotListed: byAccount.notListed,
    rotated: lists.rotated.list,
    rotatedNotListed: lists.rotated.notListed,
    alreadyStarted: lists.alreadyStarted.list,
    alreadyStartedNotListed: lists.alreadyStarted.notListed,
    skipped: lists.skipped.list,
    skippedNotListed: lists.skipped.notListed,
    failed: lists.failed.list,
    failedNotListed: lists.failed.notListed,
    unreadableAccounts: lists.unreadable.list,
    unreadableNotListed: lists.unreadable.notListed,
    resultsLocation: { bucket: store.bucket, key },
  });
}
