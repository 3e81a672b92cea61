/**
 * A deployed history names the state only on its Entered and Exited events
 * and shows a retry only as the task scheduled again. Read through
 * toHistoryEvents, it must give the same marks as a local run.
 */
import type { HistoryEventType, HistoryEvent as SfnHistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { childEventReporter } from '../../cli/fleet-report.ts';
import { stopPoint } from '../../cli/rotation-next-step.ts';
import { RotationProgress } from '../../cli/rotation-progress.ts';
import { toHistoryEvents } from '../../cli/step-functions-history.ts';

let id = 0;
const LAMBDA = { resourceType: 'lambda', resource: 'invoke' };
const at = (type: HistoryEventType, extra: Partial<SfnHistoryEvent> = {}): SfnHistoryEvent => ({
  id: ++id,
  type,
  timestamp: new Date(Date.UTC(2026, 11, 1, 10, 0, id)),
  ...extra,
});
const entered = (name: string) => at('TaskStateEntered', { stateEnteredEventDetails: { name, input: '{}' } });
const exited = (name: string, output: unknown = {}) =>
  at('TaskStateExited', { stateExitedEventDetails: { name, output: JSON.stringify(output) } });
const failed = (error: string) =>
  at('TaskFailed', { taskFailedEventDetails: { ...LAMBDA, error, cause: 'x' } });
const timedOut = () =>
  at('TaskTimedOut', { taskTimedOutEventDetails: { ...LAMBDA, error: 'States.Timeout' } });

function progressOf(events: SfnHistoryEvent[]): string[] {
  const lines: string[] = [];
  const progress = new RotationProgress({
    line: (text) => lines.push(text),
    error: (text) => lines.push(text),
  });
  for (const event of toHistoryEvents(events)) progress.onEvent(event);
  return lines.map((line) => line.replace(/ \(\d+ ms\)/, ''));
}

describe('progress of a deployed execution', () => {
  it('marks a task whose failure was caught ✗, and its retried sibling ✓', () => {
    const lines = progressOf([
      entered('CreateKey'),
      at('TaskScheduled'),
      failed('TransientError'),
      at('TaskScheduled'),
      at('TaskSucceeded'),
      exited('CreateKey', { created: { newKeyId: 'AKIANEW' } }),
      entered('VerifyKey'),
      at('TaskScheduled'),
      timedOut(),
      exited('VerifyKey', { failure: { Error: 'States.Timeout' } }),
    ]);

    expect(lines).toEqual([
      '↻ create new key: retry 1 after TransientError',
      '✓ create new key: new key AKIANEW stored as AWSPENDING',
      '✗ verify new key: States.Timeout',
    ]);
  });

  it('marks an uncaught failure ✗ when the execution fails, and the run as refused in Plan', () => {
    const events = [
      entered('Plan'),
      at('TaskScheduled'),
      failed('AccessDeniedException'),
      at('ExecutionFailed', { executionFailedEventDetails: { error: 'AccessDeniedException' } }),
    ];

    expect(progressOf(events)).toEqual(['✗ plan: AccessDeniedException']);
    expect(stopPoint({ error: 'AccessDeniedException', events: toHistoryEvents(events) })).toBe(
      'REFUSED_IN_PLAN',
    );
  });
});

describe('a fleet child rotation', () => {
  it('says its key was published only when Publish succeeded', () => {
    const lines: string[] = [];
    const report = childEventReporter({
      line: (text) => lines.push(text),
      error: (text) => lines.push(text),
    });
    const publishExited = (output: unknown) => ({
      timestamp: '2026-12-01T10:00:00.000Z',
      type: 'StateExited',
      stateName: 'Publish',
      stateType: 'Task',
      output,
    });

    report('kim', publishExited({ created: { newKeyId: 'AKIAKIM' }, published: {} }));
    report('lee', publishExited({ created: { newKeyId: 'AKIALEE' }, failure: { Error: 'TimeoutError' } }));

    expect(lines).toEqual(['    kim: new key AKIAKIM published']);
  });
});
