/**
 * The summary is the fleet execution's output, so it obeys the 256 KiB state
 * limit too. Its lists are capped by length already; this guards the bytes
 * (long causes, long ARNs), shortening the lists that matter least first:
 * rotated, already started, skipped, per account, then failed and unreadable.
 * The counts, and `results.json`, always cover everyone.
 */
import { jsonBytes, takeWhileFits } from './fit-state-budget.ts';
import type { FleetSummary } from './fleet-state.ts';

/** The run's output: Step Functions keeps it in the history and hands it to whoever reads the run. */
export const SUMMARY_BUDGET_BYTES = 96 * 1024;

type ListField = 'rotated' | 'alreadyStarted' | 'skipped' | 'byAccount' | 'failed' | 'unreadableAccounts';

const NOT_LISTED: Record<ListField, keyof FleetSummary> = {
  rotated: 'rotatedNotListed',
  alreadyStarted: 'alreadyStartedNotListed',
  skipped: 'skippedNotListed',
  byAccount: 'byAccountNotListed',
  failed: 'failedNotListed',
  unreadableAccounts: 'unreadableNotListed',
};

/** Kept first when room is short: what someone must act on. */
const KEEP_ORDER: readonly ListField[] = [
  'unreadableAccounts',
  'failed',
  'byAccount',
  'skipped',
  'alreadyStarted',
  'rotated',
];

export function fitSummary(summary: FleetSummary, limitBytes = SUMMARY_BUDGET_BYTES): FleetSummary {
  if (jsonBytes(summary) <= limitBytes) return summary;
  const emptied: Record<string, unknown> = { ...summary };
  for (const field of KEEP_ORDER) {
    emptied[field] = [];
    emptied[NOT_LISTED[field]] = Number.MAX_SAFE_INTEGER;
  }
  let room = limitBytes - jsonBytes(emptied);
  const fitted: Record<string, unknown> = { ...summary };
  for (const field of KEEP_ORDER) {
    const items = summary[field] as readonly unknown[];
    const { kept, usedBytes } = takeWhileFits(items, room);
    room -= usedBytes;
    fitted[field] = kept;
    fitted[NOT_LISTED[field]] = (summary[NOT_LISTED[field]] as number) + items.length - kept.length;
  }
  return fitted as unknown as FleetSummary;
}
