/**
 * What a fleet run shows: discovery (who is due and why, who is skipped and
 * why), one line when each principal's rotation starts and ends, and the
 * summary. Only names, key ids, reasons and counts are printed.
 *
 * A run over one account reads exactly as it always has; over several, the
 * discovery and the summary add a line per account, the unreadable accounts
 * with their cause and what to do, and where the full results are.
 */

import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import type { FleetDiscovery, FleetSummary, UnreadableAccount } from '../lambdas/fleet/fleet-state.ts';
import type { CliOutput } from './cli-output.ts';
import { causeMessage } from './rotation-summary.ts';

const LIST_LIMIT = 20;

function counts(record: Readonly<Partial<Record<string, number>>>): string {
  const parts = Object.entries(record).map(([reason, count]) => `${reason} ${count}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The advice for an account Discover could not read. */
export function unreadableAdvice(unreadable: UnreadableAccount): string {
  if (unreadable.error === 'AccountNotInScope') return "check the account id and the deployment's accounts";
  if (unreadable.account === 'organization' || unreadable.account.startsWith('ou-'))
    return 'let the hub (or akr:organizationRoleArn) call organizations:ListAccounts and ListAccountsForParent';
  if (/throttl|TooManyRequests|Transient/i.test(unreadable.error))
    return 'the account throttled past retries; run the fleet again later';
  return 'deploy the member stack in that account (its role must trust the hub with the external id), then run again';
}

/** The cause, then what to do, unless the cause already says it (the member role's own error does). */
function unreadableLine(unreadable: UnreadableAccount): string {
  const advice = /\b(deploy|check|run again)\b/i.test(unreadable.cause)
    ? ''
    : ` → ${unreadableAdvice(unreadable)}`;
  return `${unreadable.account}: ${unreadable.error}: ${unreadable.cause}${advice}`;
}

function printUnreadable(output: CliOutput, list: readonly UnreadableAccount[], notListed: number): void {
  for (const unreadable of list.slice(0, LIST_LIMIT))
    output.line(`    unreadable ${unreadableLine(unreadable)}`);
  const hidden = Math.max(0, list.length - LIST_LIMIT) + notListed;
  if (hidden > 0) output.line(`    … and ${hidden} more unreadable accounts`);
}

/** One account, and nobody unreadable: the run reads as a single-account one always has. */
const singleAccount = (accounts: number, unreadable: number) => accounts <= 1 && unreadable === 0;

export function printDiscovery(output: CliOutput, discovery: FleetDiscovery): void {
  const skippedTotal = discovery.skipped.length + discovery.skippedNotListed;
  const single = singleAccount(discovery.accounts, discovery.unreadableAccountsCount);
  output.line(
    `✓ discover: ${single ? '' : `${discovery.accounts + discovery.unreadableAccountsCount} accounts (${discovery.unreadableAccountsCount} unreadable), `}${discovery.scanned} in scope, ${discovery.dueCount} due (oldest Active key ≥ ${Number(discovery.dueAtAgeDays.toFixed(1))} days, policy ${discovery.maxKeyAgeDays}), ${skippedTotal} skipped${counts(discovery.skippedCounts)}`,
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
    Math.max(0, discovery.dueDetails.length - LIST_LIMIT) +
    discovery.dueNotListed +
    Math.max(0, skippedTotal - LIST_LIMIT);
  if (hidden > 0) output.line(`    … and ${hidden} more (use --json for every entry)`);
  if (single) return;
  for (const account of discovery.byAccount.slice(0, LIST_LIMIT))
    output.line(
      `    account  ${account.account}: ${account.scanned} in scope, ${account.due} due, ${account.skipped} skipped`,
    );
  const hiddenAccounts = Math.max(0, discovery.byAccount.length - LIST_LIMIT) + discovery.byAccountNotListed;
  if (hiddenAccounts > 0) output.line(`    … and ${hiddenAccounts} more accounts`);
  printUnreadable(output, discovery.unreadableAccounts, discovery.unreadableNotListed);
  output.line(`    every entry: s3://${discovery.workBucket}/${discovery.discoveryKey}`);
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
  if (singleAccount(c.accounts, c.unreadableAccounts)) return;
  output.line(`Accounts: ${c.accounts} in scope, ${c.unreadableAccounts} unreadable`);
  const unreadable = new Map(summary.unreadableAccounts.map((entry) => [entry.account, entry]));
  const shown = summary.byAccount.slice(0, LIST_LIMIT);
  for (const account of shown) {
    const notRead = unreadable.get(account.account);
    const outcome = `${account.rotated} rotated, ${account.alreadyStarted} already started, ${account.skipped} skipped, ${account.failed} failed`;
    const why = account.error === undefined ? '' : `: ${account.error}: ${causeMessage(account.cause ?? '')}`;
    if (notRead) output.line(`  ✗ unreadable ${unreadableLine(notRead)}`);
    else output.line(`  ${account.status === 'SUCCEEDED' ? '✓' : '✗'} ${account.account}: ${outcome}${why}`);
  }
  const hiddenAccounts = Math.max(0, summary.byAccount.length - LIST_LIMIT) + summary.byAccountNotListed;
  if (hiddenAccounts > 0) output.line(`  … and ${hiddenAccounts} more accounts`);
  const listed = new Set(shown.map((account) => account.account));
  printUnreadable(
    output,
    summary.unreadableAccounts.filter((entry) => !listed.has(entry.account)),
    summary.unreadableNotListed,
  );
  output.line(`Full results: s3://${summary.resultsLocation.bucket}/${summary.resultsLocation.key}`);
}
