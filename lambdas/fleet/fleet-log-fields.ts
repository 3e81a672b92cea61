/**
 * What the fleet handlers log about their result: counts only. The lists
 * (principal names, causes) stay in the execution history, where access is
 * controlled, instead of being copied into every log line.
 */
import type { FleetDiscovery, FleetSummary } from './fleet-state.ts';

type Count = Readonly<Record<string, number>>;

export type FleetLogFields = Readonly<Record<string, number | string | boolean | Count>>;

/** Numbers are copied one by one, so nothing but a count can come along. */
function countsOnly(source: Readonly<Partial<Record<string, number>>>): Count {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}

export function discoveryLogFields(discovery: FleetDiscovery): FleetLogFields {
  return {
    runDate: discovery.runDate,
    dryRun: discovery.dryRun,
    accounts: discovery.accounts,
    unreadableAccounts: discovery.unreadableAccountsCount,
    scanned: discovery.scanned,
    due: discovery.dueCount,
    skippedCounts: countsOnly(discovery.skippedCounts),
  };
}

export function summaryLogFields(summary: FleetSummary): FleetLogFields {
  return { runDate: summary.runDate, dryRun: summary.dryRun, ...countsOnly(summary.counts) };
}
