/**
 * Maps Step Functions `GetExecutionHistory` events onto the local history
 * event shape, so one progress printer serves deployed and local executions.
 */
import type { HistoryEvent as SfnHistoryEvent } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../evidence/model/execution-history.ts';

const STATE_EVENT = /^(Task|Wait|Choice|Pass|Succeed|Fail|Map|Parallel)State(Entered|Exited)$/;

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const TASK_FAILED = new Set(['TaskFailed', 'TaskTimedOut', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut']);
const TASK_SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);

function failureDetails(event: SfnHistoryEvent): { error?: string; cause?: string } | undefined {
  return (
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.lambdaFunctionTimedOutEventDetails
  );
}

/**
 * A deployed history names the state only on its Entered and Exited events,
 * and shows a retry only as the task scheduled again after a failure. Both
 * are made explicit here (`StateFailed` with its state, `StateRetried`), as
 * the local runner reports them, so a caught failure never reads as a success.
 */
export function toHistoryEvents(events: readonly SfnHistoryEvent[]): HistoryEvent[] {
  const mapped: HistoryEvent[] = [];
  let current: string | undefined;
  let failedAttempts = 0;
  let lastError: string | undefined;
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
      current = entered ? details?.name : undefined;
      failedAttempts = 0;
      lastError = undefined;
      mapped.push({
        timestamp,
        type: entered ? 'StateEntered' : 'StateExited',
        stateName: details?.name,
        stateType: match[1],
        ...(entered ? { input: payload } : { output: payload }),
      });
    } else if (TASK_FAILED.has(type)) {
      const details = failureDetails(event);
      failedAttempts += 1;
      lastError = details?.error;
      mapped.push({
        timestamp,
        type: 'StateFailed',
        ...(current && { stateName: current }),
        error: details?.error,
        cause: details?.cause,
      });
    } else if (TASK_SCHEDULED.has(type) && lastError !== undefined) {
      mapped.push({
        timestamp,
        type: 'StateRetried',
        ...(current && { stateName: current }),
        error: lastError,
        retryAttempt: failedAttempts,
      });
      lastError = undefined;
    } else if (type === 'ExecutionFailed') {
      const details = event.executionFailedEventDetails;
      mapped.push({ timestamp, type: 'ExecutionFailed', error: details?.error, cause: details?.cause });
    } else if (type === 'ExecutionSucceeded') {
      mapped.push({ timestamp, type, output: parseJson(event.executionSucceededEventDetails?.output) });
    }
  }
  return mapped;
}
