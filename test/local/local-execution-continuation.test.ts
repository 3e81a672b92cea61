/**
 * The local runner's crash-safety, on a small definition with in-process
 * handlers: a Task's entry is on disk before the Task runs (write-ahead), an
 * interrupt leaves the execution RUNNING and marked, a continuation goes on
 * from the recorded state and waits only what was left of a Wait, and a
 * paused continuation never starts the next Task.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';
import type { TaskHandlers } from '../../local/workflow/handler-bindings.ts';
import { continueLocalExecution, runLocalExecution } from '../../local/workflow/local-execution.ts';
import { executionPoint } from '../../local/workflow/resume-point.ts';
import type { AslDefinition } from '../../local/workflow/synthesized-workflow.ts';

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const DEFINITION: AslDefinition = {
  StartAt: 'First',
  States: {
    First: { Type: 'Task', Resource: fn('first'), ResultPath: '$.first', Next: 'Pause' },
    Pause: { Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'Second' },
    Second: { Type: 'Task', Resource: fn('second'), ResultPath: '$.second', End: true },
  },
};
const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:Test';

let stateDir: string;
let history: ExecutionHistoryStore;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-continuation-'));
  history = new ExecutionHistoryStore(stateDir);
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

const lastStateOnDisk = (name: string) =>
  history
    .get(name)
    ?.events.filter((event) => event.stateName)
    .at(-1);

/** Handlers that note which Task ran and return its number. */
function recordingHandlers() {
  const ran: string[] = [];
  const handlers: TaskHandlers = Object.fromEntries(
    ['First', 'Second'].map((state, i) => [
      state,
      () => {
        ran.push(state);
        return i + 1;
      },
    ]),
  );
  return { ran, handlers };
}

describe('the local runner', () => {
  it('writes a Task entry to disk before the Task runs', async () => {
    // Prepare
    const seen: string[] = [];
    const handlers: TaskHandlers = {
      First: () => {
        const last = lastStateOnDisk('wal');
        seen.push(`${last?.type} ${last?.stateName}`);
        return 1;
      },
      Second: () => {
        const last = lastStateOnDisk('wal');
        seen.push(`${last?.type} ${last?.stateName}`);
        return 2;
      },
    };

    // Act
    const record = await runLocalExecution({
      definition: DEFINITION,
      stateMachineArn: ARN,
      name: 'wal',
      input: { waitSeconds: 0 },
      handlers,
      history,
    });

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(seen).toEqual(['StateEntered First', 'StateEntered Second']);
  });

  it('stays RUNNING and marked when interrupted, then goes on from its Wait with only what was left of it', async () => {
    // Prepare
    const interrupt = new AbortController();
    const { ran, handlers } = recordingHandlers();
    const started = runLocalExecution({
      definition: DEFINITION,
      stateMachineArn: ARN,
      name: 'int',
      input: { waitSeconds: 3 },
      handlers,
      history,
      interrupt: interrupt.signal,
      onEvent: (event) => {
        if (event.type === 'StateEntered' && event.stateName === 'Pause') interrupt.abort('SIGINT');
      },
    });

    // Act
    const interrupted = await started;
    const point = executionPoint(history.get('int') as never, DEFINITION);
    const before = Date.now();
    const resumed = await continueLocalExecution({
      definition: DEFINITION,
      record: history.get('int') as never,
      from: {
        stateName: 'Pause',
        input: (point as { input: unknown }).input,
        remainingWaitMs: 50,
        reason: 'test',
      },
      handlers,
      history,
    });

    // Assess
    expect(interrupted.status).toBe('RUNNING');
    expect(interrupted.interruptedBy).toBe('SIGINT');
    expect(point).toMatchObject({ stateName: 'Pause', stateType: 'Wait' });
    expect(Date.parse((point as { waitEndsAt: string }).waitEndsAt) - Date.now()).toBeGreaterThan(2000);
    expect(Date.now() - before).toBeLessThan(2000); // waited 50 ms, not the 3 s of the Wait
    expect(resumed.status).toBe('SUCCEEDED');
    expect(resumed.interruptedBy).toBeUndefined();
    expect(ran).toEqual(['First', 'Second']);
    expect(resumed.events.map((event) => event.type)).toContain('ExecutionResumed');
    expect(resumed.output).toEqual({ waitSeconds: 3, first: 1, second: 2 });
  });

  it('pausing after a step holds the next Task: it is entered on disk but never started', async () => {
    // Prepare
    const { ran, handlers } = recordingHandlers();
    const record = {
      executionArn: `${ARN}:paused`,
      stateMachineArn: ARN,
      name: 'paused',
      status: 'RUNNING' as const,
      input: { waitSeconds: 0 },
      startDate: new Date().toISOString(),
      events: [],
    };
    history.create(record);

    // Act
    const paused = await continueLocalExecution({
      definition: {
        ...DEFINITION,
        States: { ...DEFINITION.States, Pause: { Type: 'Pass', Next: 'Second' } },
      },
      record,
      from: { stateName: 'First', input: { waitSeconds: 0 }, reason: 'test', pauseAfterStep: true },
      handlers,
      history,
    });

    // Assess
    expect(ran).toEqual(['First']);
    expect(paused.status).toBe('RUNNING');
    expect(lastStateOnDisk('paused')).toMatchObject({ type: 'StateEntered', stateName: 'Second' });
  });
});
