/**
 * A few independent local clouds, each with its own Lambda container and a
 * task crasher, so scenarios run side by side without meeting each other's
 * faults. A scenario borrows a free lane for its whole run.
 */
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import { type FaultSession, openFaultSession } from './fault-session.ts';
import { TaskCrasher } from './task-crasher.ts';

export interface Lane {
  readonly session: FaultSession;
  readonly crasher: TaskCrasher;
}

export interface Lanes {
  readonly all: readonly Lane[];
  /** Runs `work` on a free lane (waiting for one if all are busy), then frees it. */
  use<T>(work: (lane: Lane) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opened one after another: each container takes the endpoint variables set for its own cloud. */
export async function openLanes(provider: Provider, count: number): Promise<Lanes> {
  const all: Lane[] = [];
  for (let i = 0; i < count; i++) {
    const crasher = new TaskCrasher();
    all.push({ session: await openFaultSession(provider, { wrapTask: crasher.wrapTask }), crasher });
  }
  const free = [...all];
  const waiting: ((lane: Lane) => void)[] = [];
  const acquire = () =>
    new Promise<Lane>((resolve) => {
      const lane = free.pop();
      if (lane) resolve(lane);
      else waiting.push(resolve);
    });
  const release = (lane: Lane) => {
    const next = waiting.shift();
    if (next) next(lane);
    else free.push(lane);
  };

  return {
    all,
    async use(work) {
      const lane = await acquire();
      try {
        return await work(lane);
      } finally {
        release(lane);
      }
    },
    async close() {
      for (const { session } of all) await session.close();
    },
  };
}
