/**
 * Maps Step Functions `GetExecutionHistory` events onto the local history
 * event shape, so one progress printer serves deployed and local executions.
 */
import type { HistoryEvent as SfnHistoryEvent } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../local/workflow/execution-history-store.ts';

const STATE_EVENT = /^(Task|Wait|Choice|Pass|Succeed|Fail|Map|Parallel)State(Entered|Exited)$/;

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toHistoryEvents(events: readonly SfnHistoryEvent[]): HistoryEvent[] {
  const mapped: HistoryEvent[] = [];
  for (const event of events) {
    const timestamp = (event.timestamp ?? new Date()).toISOString();
    const type = event.type ?? '';
    const match = STATE_EVENT.exec(type);
    if (match) {
      const entered = match[2] === 'Entered';
      const details = entered ? event.stateEnteredEventDetails : event.stateExitedEventDetails;
      const payload = parseJson(
        entered ? event.stateEnteredEventDetails?.input : event.stateExitedEventDetails?.output,
      );
      mapped.push({
        timestamp,
        type: entered ? 'StateEntered' : 'StateExited',
        stateName: details?.name,
        stateType: match[1],
        ...(entered ? { input: payload } : { output: payload }),
      });
    } else if (type === 'TaskFailed' || type === 'LambdaFunctionFailed') {
      const details = event.taskFailedEventDetails ?? event.lambdaFunctionFailedEventDetails;
      mapped.push({ timestamp, type: 'TaskFailed', error: details?.error, cause: details?.cause });
    } else if (type === 'ExecutionFailed') {
      const details = event.executionFailedEventDetails;
      mapped.push({ timestamp, type: 'ExecutionFailed', error: details?.error, cause: details?.cause });
    } else if (type === 'ExecutionSucceeded') {
      mapped.push({ timestamp, type, output: parseJson(event.executionSucceededEventDetails?.output) });
    }
  }
  return mapped;
}
