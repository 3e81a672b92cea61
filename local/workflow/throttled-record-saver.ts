/**
 * Saves a running execution's record after its events, without letting the
 * saving dominate. A record is rewritten whole, and a fleet's record grows by
 * a few events per principal: saving it after every event would cost
 * O(principals²). So after a save that took d ms, the next one waits until
 * WRITE_SHARE_DIVISOR × d ms, and at least MIN_INTERVAL_MS, have passed (a
 * trailing save catches up): saving then takes at most about
 * 1/WRITE_SHARE_DIVISOR of the run, and a rotation's dozens of events cost a
 * few saves, while other processes (`akr status`) still see the record within
 * a tenth of a second. Entering a Wait or a Task saves at once whatever it
 * costs (`flush`): the execution pauses there, or is about to change
 * something, and that is when an operator looks (`akr status`, `akr rollback`).
 *
 * Saves are written off the event loop (thousands of child rotations each
 * save a dozen times), one at a time and in order, so the file on disk only
 * ever moves forward; `idle` resolves once everything asked so far is on disk.
 */
import type { ExecutionHistoryStore, LocalExecutionRecord } from './execution-history-store.ts';

const WRITE_SHARE_DIVISOR = 20;
const MIN_INTERVAL_MS = 100;

export interface RecordSaver {
  /** Saves now, or soon if the last save was recent relative to its cost. */
  save(): void;
  /** Saves now: the record has reached a point others must see before anything else happens. */
  flush(): Promise<void>;
  /** Resolves when every save asked for so far is on disk; rejects if one failed. */
  idle(): Promise<void>;
}

export function throttledRecordSaver(
  history: Pick<ExecutionHistoryStore, 'saveAsync'>,
  record: LocalExecutionRecord,
): RecordSaver {
  let nextAllowedAt = 0;
  let pending: NodeJS.Timeout | undefined;
  let writes: Promise<void> = Promise.resolve();
  let writing = false;
  /** Events came while a save was being written: one more save follows it. */
  let dirty = false;
  let failure: unknown;

  const write = (): Promise<void> => {
    clearTimeout(pending);
    pending = undefined;
    dirty = false;
    writes = writes.then(async () => {
      writing = true;
      const started = performance.now();
      try {
        await history.saveAsync(record);
      } catch (error) {
        failure ??= error;
      } finally {
        writing = false;
      }
      const finished = performance.now();
      nextAllowedAt = finished + Math.max(MIN_INTERVAL_MS, WRITE_SHARE_DIVISOR * (finished - started));
      if (dirty) schedule();
    });
    return idle();
  };
  const schedule = () => {
    if (pending !== undefined) return;
    const wait = nextAllowedAt - performance.now();
    if (wait <= 0) void write();
    else pending = setTimeout(write, wait);
  };
  const idle = async () => {
    await writes;
    if (failure !== undefined) throw failure;
  };
  return {
    save() {
      if (writing) dirty = true;
      else schedule();
    },
    flush: write,
    idle,
  };
}
