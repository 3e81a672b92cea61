/** The state a local execution is in now, as its history says. */
import type { LocalExecutionRecord } from '../../local/workflow/execution-history-store.ts';
import { executionPosition } from '../execution-status.ts';

export function currentStateOf(record: LocalExecutionRecord): string | undefined {
  return executionPosition(record.events, record.input).currentState;
}
