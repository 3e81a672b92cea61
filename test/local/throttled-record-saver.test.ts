import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ExecutionHistoryStore,
  LocalExecutionRecord,
} from '../../local/workflow/execution-history-store.ts';
import { throttledRecordSaver } from '../../local/workflow/throttled-record-saver.ts';

/** A history whose every save takes `saveMs` of (fake) time and remembers how many events it wrote. */
function slowHistory(saveMs: number) {
  const saved: number[] = [];
  const history = {
    save(record: LocalExecutionRecord) {
      vi.advanceTimersByTime(saveMs);
      saved.push(record.events.length);
    },
  } as unknown as ExecutionHistoryStore;
  return { history, saved };
}

function emptyRecord(): LocalExecutionRecord {
  return {
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:fleet:run',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:fleet',
    name: 'run',
    status: 'RUNNING',
    input: {},
    startDate: '2026-11-23T00:00:00.000Z',
    events: [],
  };
}

const addEvent = (record: LocalExecutionRecord) =>
  record.events.push({ timestamp: '2026-11-23T00:00:00.000Z', type: 'StateEntered' });

describe('throttledRecordSaver', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('saves cheap records at once when the last save is 100 ms old, and within 100 ms otherwise', () => {
    const { history, saved } = slowHistory(0);
    const record = emptyRecord();
    const saver = throttledRecordSaver(history, record);
    for (let i = 0; i < 3; i++) {
      addEvent(record);
      saver.save();
      vi.advanceTimersByTime(100);
    }
    expect(saved).toEqual([1, 2, 3]);

    addEvent(record);
    saver.save();
    addEvent(record);
    saver.save();
    expect(saved).toEqual([1, 2, 3, 4]);
    vi.advanceTimersByTime(100);
    expect(saved).toEqual([1, 2, 3, 4, 5]);
  });

  it('after a slow save, coalesces the next events into one trailing save of the latest record', () => {
    const { history, saved } = slowHistory(10);
    const record = emptyRecord();
    const saver = throttledRecordSaver(history, record);
    addEvent(record);
    saver.save();
    for (let i = 0; i < 5; i++) {
      addEvent(record);
      saver.save();
    }
    expect(saved).toEqual([1]);
    // 10 ms of saving buys 200 ms of quiet.
    vi.advanceTimersByTime(199);
    expect(saved).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(saved).toEqual([1, 6]);
  });

  it('flush saves the final record at once and cancels the pending save', () => {
    const { history, saved } = slowHistory(10);
    const record = emptyRecord();
    const saver = throttledRecordSaver(history, record);
    saver.save();
    addEvent(record);
    saver.save();
    addEvent(record);
    saver.flush();
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual([0, 2]);
  });
});
