/**
 * Saves a running execution's record after its events, without letting the
 * saving dominate. A record is rewritten whole, and a fleet's record grows by
 * a few events per principal: saving it after every event would cost
 * O(principals²). So after a save that took d ms, the next one waits until
 * WRITE_SHARE_DIVISOR × d ms have passed (a trailing save catches up), which
 * bounds the time spent saving to about 1/WRITE_SHARE_DIVISOR of the run.
 * A small record (a single rotation) saves in well under a millisecond, so
 * other processes (`akr status`) still see it nearly at once. Entering a Wait
 * saves at once whatever it costs: the execution pauses there, and that is
 * when an operator looks (`akr status`, `akr rollback`).
 */
import type { ExecutionHistoryStore, LocalExecutionRecord } from './execution-history-store.ts';

const WRITE_SHARE_DIVISOR = 20;

export interface RecordSaver {
  /** Saves now, or soon if the last save was recent relative to its cost. */
  save(): void;
  /** Saves now: the record has reached a point others must see before anything else happens. */
  flush(): void;
}

export function throttledRecordSaver(
  history: ExecutionHistoryStore,
  record: LocalExecutionRecord,
): RecordSaver {
  let nextAllowedAt = 0;
  let pending: NodeJS.Timeout | undefined;
  const saveNow = () => {
    clearTimeout(pending);
    pending = undefined;
    const started = performance.now();
    history.save(record);
    const finished = performance.now();
    nextAllowedAt = finished + WRITE_SHARE_DIVISOR * (finished - started);
  };
  return {
    save() {
      if (pending !== undefined) return;
      const wait = nextAllowedAt - performance.now();
      if (wait <= 0) saveNow();
      else pending = setTimeout(saveNow, wait);
    },
    flush: saveNow,
  };
}
