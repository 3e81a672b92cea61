import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LocalExecutionRecord } from '../../local/workflow/execution-history-store.ts';
import { throttledRecordSaver } from '../../local/workflow/throttled-record-saver.ts';

/**
 * A history whose every save takes `saveMs` of (fake) time and remembers how
 * many events it wrote; `gate` holds a save in flight until released.
 */
function slowHistory(saveMs: number) {
  const saved: number[] = [];
  let held: Promise<void> | undefined;
  const history = {
    async saveAsync(record: LocalExecutionRecord) {
      const events = record.events.length;
      await held;
      vi.advanceTimersByTime(saveMs);
      saved.push(events);
    },
  };
  const gate = () => {
    let release: () => void = () => undefined;
    held = new Promise<void>((resolve) => {
      release = () => {
        held = undefined;
        resolve();
      };
    });
    return release;
  };
  return { history, saved, gate };
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

  it('saves cheap records at once when the last save is 100 ms old, and within 100 ms otherwise', async () => {
    const { history, saved } = slowHistory(0);
    const record = emptyRecord();
    const saver = throttledRecordSaver(history, record);
    for (let i = 0; i < 3; i++) {
      addEvent(record);
      saver.save();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(saved).toEqual([1, 2, 3]);

    addEvent(record);
    saver.save();
    await saver.idle();
    addEvent(record);
    saver.save();
    await saver.idle();
    expect(saved).toEqual([1, 2, 3, 4]);
    await vi.advanceTimersByTimeAsync(100);
    expect(saved).toEqual([1, 2, 3, 4, 5]);
  });

  it('after a slow save, coalesces the next events into one trailing save of the latest record', async () => {
    const { history, saved } = slowHistory(10);
    const record = emptyRecord();
    const saver = throttledRecordSaver(history, record);
    addEvent(record);
    saver.save();
    await saver.idle();
    for (let i = 0; i < 5; i++) {
      addEvent(record);
      saver.save();
    }
    expect(saved).toEqual([1]);
    // 10 ms of saving buys 200 ms of quiet.
    await vi.advanceTimersByTimeAsync(199);
    expect(saved).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    await saver.idle();
    expect(saved).toEqual([1, 6]);
  });

  it('events during a save that is still being written are saved right after it, in order', async () => {
    const { history, saved, gate } = slowHistory(0);
    const record = emptyRecord();
    const saver = throttledRecordSaver(history, record);
    const release = gate();
    addEvent(record);
    saver.save();
    await Promise.resolve();
    addEvent(record);
    saver.save();
    addEvent(record);
    saver.save();
    release();
    await saver.idle();
    await vi.advanceTimersByTimeAsync(100);
    await saver.idle();
    expect(saved).toEqual([1, 3]);
  });

  it('flush saves the final record at once, cancels the pending save, and resolves once it is written', async () => {
    const { history, saved } = slowHistory(10);
    const record = emptyRecord();
    const saver = throttledRecordSaver(history, record);
    saver.save();
    await saver.idle();
    addEvent(record);
    saver.save();
    addEvent(record);
    await saver.flush();
    expect(saved).toEqual([0, 2]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([0, 2]);
  });

  it('a failed save rejects idle and flush, so the Task waiting for it never starts', async () => {
    const record = emptyRecord();
    const saver = throttledRecordSaver(
      { saveAsync: () => Promise.reject(new Error('ENOSPC: no space left on device')) },
      record,
    );
    await expect(saver.flush()).rejects.toThrow('ENOSPC');
    await expect(saver.idle()).rejects.toThrow('ENOSPC');
  });
});
