/**
 * What a fleet run shows: discovery (who is due and why, who is skipped and
 * why), one line when each principal's rotation starts and ends, and the
 * summary. Only names, key ids, reasons and counts are printed.
 */

import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import type { FleetDiscovery, FleetSummary } from '../lambdas/fleet/fleet-state.ts';
import type { CliOutput } from './cli-output.ts';
import { causeMessage } from './rotation-summary.ts';

const LIST_LIMIT = 20;

function counts(record: Readonly<Partial<Record<string, number>>>): string {
  const parts = Object.entries(record).map(([reason, count]) => `${reason} ${count}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function printDiscovery(output: CliOutput, discovery: FleetDiscovery): void {
  const skippedTotal = discovery.skipped.length + discovery.skippedNotListed;
  output.line(
    `✓ discover: ${discovery.scanned} in scope, ${discovery.due.length} due (oldest Active key ≥ ${Number(discovery.dueAtAgeDays.toFixed(1))} days, policy ${discovery.maxKeyAgeDays}), ${skippedTotal} skipped${counts(discovery.skippedCounts)}`,
  );
  for (const due of discovery.dueDetails.slice(0, LIST_LIMIT)) {
    output.line(
      `    due      ${due.principal}: oldest Active key ${Math.floor(due.oldestKeyAgeDays)} days old`,
    );
  }
  for (const skip of discovery.skipped.slice(0, LIST_LIMIT)) {
    output.line(`    skipped  ${skip.principal}: ${skip.reason}, ${skip.detail}`);
  }
  const hidden =
    Math.max(0, discovery.dueDetails.length - LIST_LIMIT) + Math.max(0, skippedTotal - LIST_LIMIT);
  if (hidden > 0) output.line(`    … and ${hidden} more (use --json for every entry)`);
}

/** Reports each child rotation once when it starts and once when it ends. */
export function childEventReporter(output: CliOutput): (principal: string, event: HistoryEvent) => void {
  return (principal, event) => {
    if (event.type === 'ExecutionStarted') output.line(`  ▶ ${principal}: rotation started`);
    else if (event.type === 'StateExited' && event.stateName === 'Publish') {
      const state = event.output as { created?: { newKeyId?: string }; failure?: unknown } | undefined;
      // A caught failure exits Publish too, with `failure` set: the key was not published.
      if (state?.failure === undefined)
        output.line(`    ${principal}: new key ${state?.created?.newKeyId ?? ''} published`);
    } else if (event.type === 'ExecutionSucceeded') output.line(`  ✓ ${principal}: rotated`);
    else if (event.type === 'ExecutionFailed') {
      output.line(`  ✗ ${principal}: ${event.error ?? 'failed'}: ${causeMessage(event.cause)}`);
    }
  };
}

export function printFleetSummary(output: CliOutput, summary: FleetSummary): void {
  const { counts: c } = summary;
  output.line('');
  output.line(
    `Fleet ${summary.provider} ${summary.runDate}: ${c.rotated} rotated, ${c.alreadyStarted} already started today, ${c.skipped} skipped, ${c.failed} failed (${c.scanned} in scope)`,
  );
  for (const rotated of summary.rotated.slice(0, LIST_LIMIT)) output.line(`  rotated  ${rotated.principal}`);
  for (const principal of summary.alreadyStarted.slice(0, LIST_LIMIT)) {
    output.line(`  already  ${principal}: a rotation named for today exists; not started again`);
  }
  for (const skip of summary.skipped.slice(0, LIST_LIMIT))
    output.line(`  skipped  ${skip.principal}: ${skip.reason}`);
  for (const failed of summary.failed.slice(0, LIST_LIMIT)) {
    output.line(`  failed   ${failed.principal}: ${failed.error}: ${causeMessage(failed.cause)}`);
  }
}
