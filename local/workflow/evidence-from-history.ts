/**
 * Finds a rotation's evidence record in its execution history: the output of
 * `Record` when it succeeded, or the record written by `RecordRollback` /
 * `RecordFailure` before the execution failed.
 */
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import type { LocalExecutionRecord } from './execution-history-store.ts';

const RECORD_STATES = new Set(['Record', 'RecordRollback', 'RecordFailure']);

export function evidenceFromHistory(execution: LocalExecutionRecord): EvidenceRecord | undefined {
  // A record step whose failure was caught exits too, carrying `recordFailure` instead of a record.
  const exited = execution.events.filter(
    (event) =>
      event.type === 'StateExited' &&
      event.stateName &&
      RECORD_STATES.has(event.stateName) &&
      !(event.output && typeof event.output === 'object' && 'recordFailure' in event.output),
  );
  const last = exited.at(-1);
  if (!last) return undefined;
  const output = last.output as { record?: EvidenceRecord } & Partial<EvidenceRecord>;
  return last.stateName === 'Record' ? (output as EvidenceRecord) : output.record;
}
