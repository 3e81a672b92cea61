/**
 * Saves a running execution's record after its events, without letting the
 * saving dominate. A record is rewritten whole, and a fleet's record grows by
 * a few events per principal: saving it after every event would cost
 * O(principals²). So after a save that took d ms, the next one waits until
 * WRITE_SHARE_DIVISOR × d ms, and at least MIN_INTERVAL_MS, have passed (a
 * trailing save catches up): saving then takes at most about
 * 1/WRITE_SHARE_DIVISOR of the run, and a rotation's dozens of events cost a
 * few saves, while other processes (`akr status`) still see the record within
 * a tenth of a second. Entering a Wait
 * saves at once whatever it costs: the execution pauses there, and that is
 * when an operator looks (`akr status`, `akr rollback`).
 */
import type { ExecutionHistoryStore, LocalExecutionRecord } from './execution-history-store.ts';

const WRITE_SHARE_DIVISOR = 20;
const MIN_INTERVAL_MS = 100;

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
    nextAllowedAt = finished + Math.max(MIN_INTERVAL_MS, WRITE_SHARE_DIVISOR * (finished - started));
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
