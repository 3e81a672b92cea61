/**
 * Step Summarize of the fleet workflow: what the run did, for the operator,
 * the notification and the auditor ("proof that the job runs on schedule").
 * Pure: it reads the discovery and the Map's results only.
 *
 * Normal path: each Map result lands in one list by its status: SUCCEEDED →
 * rotated, ALREADY_STARTED → alreadyStarted (a same-day re-run found the child
 * execution name taken, so nothing was started twice), FAILED → failed with
 * its error and cause; the skips come from the discovery, and the counts
 * cover everyone, listed or not.
 *
 * Failure path: none of its own. A failed child's cause is shortened to
 * CAUSE_LIMIT characters; when it is the JSON Step Functions gives for a
 * failed child execution, only the child's own Error and Cause are kept, not
 * the whole description (its input, its ARNs).
 */
import type { FleetItemResult, FleetSummary, SummarizeRequest } from './fleet-state.ts';

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
export function failureOf(result: FleetItemResult): { error: string; cause: string } {
  const cause = result.cause ?? '';
  const child = parseObject(cause);
  const childError = nonEmpty(child?.Error);
  const childCause = nonEmpty(child?.Cause);
  return {
    error: truncate(childError ?? result.error ?? UNKNOWN_ERROR, ERROR_LIMIT),
    cause: truncate(childError !== undefined || childCause !== undefined ? (childCause ?? '') : cause),
  };
}

function total(counts: Readonly<Partial<Record<string, number>>>): number {
  return Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

export function summarizeFleet(request: SummarizeRequest): FleetSummary {
  const { discovery, results } = request;
  const rotated: { principal: string; executionArn?: string }[] = [];
  const alreadyStarted: string[] = [];
  const failed: { principal: string; error: string; cause: string }[] = [];
  for (const result of results) {
    if (result.status === 'SUCCEEDED')
      rotated.push(
        result.executionArn === undefined
          ? { principal: result.principal }
          : { principal: result.principal, executionArn: result.executionArn },
      );
    else if (result.status === 'ALREADY_STARTED') alreadyStarted.push(result.principal);
    // Anything else is a failure: a result the summary cannot read must not pass for a success.
    else failed.push({ principal: result.principal, ...failureOf(result) });
  }
  return {
    provider: discovery.provider,
    executionArn: discovery.executionArn,
    runDate: discovery.runDate,
    dryRun: discovery.dryRun,
    counts: {
      scanned: discovery.scanned,
      due: discovery.due.length,
      rotated: rotated.length,
      alreadyStarted: alreadyStarted.length,
      skipped: Math.max(total(discovery.skippedCounts), discovery.skipped.length),
      failed: failed.length,
    },
    rotated,
    alreadyStarted,
    skipped: discovery.skipped,
    failed,
  };
}
