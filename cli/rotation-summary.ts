/**
 * The closing lines of a rotation: what changed, how long it took, where the
 * evidence is, and, when it did not succeed, what state the keys are in and
 * what to do next.
 */

import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import type { EvidenceRecord, RotationPlan } from '../lambdas/rotation/rotation-state.ts';
import type { CliOutput } from './cli-output.ts';
import { formatSeconds } from './duration.ts';
import { nextStep } from './rotation-next-step.ts';

export interface RotationOutcome {
  readonly name: string;
  readonly status: string;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly evidence?: EvidenceRecord;
  readonly evidencePath?: string;
  /** The execution's history, when known: the `next:` hint follows from where it stopped. */
  readonly events?: readonly HistoryEvent[];
}

/** The message inside a Lambda-style cause (`{"errorType","errorMessage"}`), or the cause itself. */
export function causeMessage(cause: string | undefined): string {
  if (!cause) return '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}

function seconds(from: string, to: string | undefined): string {
  return to ? `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(1)} s` : '';
}

export function printRotationSummary(output: CliOutput, outcome: RotationOutcome): void {
  const evidence = outcome.evidence;
  const status = evidence?.status ?? outcome.status;
  output.line('');
  output.line(`Rotation ${outcome.name}: ${status} in ${seconds(outcome.startDate, outcome.stopDate)}`);
  if (evidence) {
    output.line(`  principal ${evidence.provider}/${evidence.principal}`);
    output.line(`  old key ${evidence.oldKeyId ?? '(none)'} → new key ${evidence.newKeyId ?? '(none)'}`);
    const times = [
      ['created', evidence.newKeyCreatedAt],
      ['verified', evidence.verifiedAt],
      ['published', evidence.publishedAt],
      ['retired', evidence.retiredAt],
      ['deleted', evidence.deletedAt],
    ].filter(([, at]) => at);
    for (const [label, at] of times) output.line(`  ${label?.padEnd(9)} ${at}`);
  }
  if (outcome.evidencePath) output.line(`  evidence record: ${outcome.evidencePath}`);
  if (outcome.error) {
    output.line(`  failed: ${outcome.error}: ${causeMessage(outcome.cause)}`);
    output.line(`  next: ${nextStep(outcome)}`);
  }
}

/** What a dry run found, in the words of the steps it would take. */
export function printDryRun(output: CliOutput, plan: RotationPlan): void {
  output.line('');
  output.line(`Dry run for ${plan.provider}/${plan.principal}: nothing was changed. A rotation would`);
  if (plan.inactiveKeyToDeleteId)
    output.line(`  - delete Inactive key ${plan.inactiveKeyToDeleteId} to make room`);
  output.line(`  - create a new key, verify it and publish it as AWSCURRENT in ${plan.secretName}`);
  if (plan.oldKeyId) {
    const adopted = plan.adoption ? ' (adopted: it is not in a managed secret yet)' : '';
    output.line(
      `  - retire old key ${plan.oldKeyId}${adopted} after ${formatSeconds(plan.gracePeriodSeconds)}`,
    );
    output.line(`    unless it is still in use (policy ${plan.oldKeyInUsePolicy})`);
    output.line(`  - delete it ${formatSeconds(plan.deletionDelaySeconds)} later`);
  } else {
    output.line('  - retire nothing: the principal has no Active key yet');
  }
}
