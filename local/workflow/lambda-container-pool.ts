/**
 * Lambda runs concurrent invocations of a function in separate containers and
 * sends an invocation to a warm, idle one when it can. The local runner does
 * the same with its containers (worker threads): an invocation goes to the
 * first idle container; only when all are busy is another one started (a cold
 * start), up to `maxContainers`; past that the least busy takes it. One
 * rotation at a time therefore always meets the same warm container, and a
 * fleet of concurrent rotations spreads its handler work over the cores.
 */
import type { LambdaContainer } from './lambda-container.ts';

interface Slot {
  readonly container: Promise<LambdaContainer>;
  busy: number;
}

export function lambdaContainerPool(
  first: LambdaContainer,
  startAnother: () => Promise<LambdaContainer>,
  maxContainers: number,
): LambdaContainer {
  const slots: Slot[] = [{ container: Promise.resolve(first), busy: 0 }];
  const pick = (): Slot => {
    const idle = slots.find((slot) => slot.busy === 0);
    if (idle) return idle;
    if (slots.length < maxContainers) {
      const slot: Slot = { container: startAnother(), busy: 0 };
      slots.push(slot);
      // A container that cannot start leaves the pool; its invocations go to the first one.
      slot.container.catch(() => slots.splice(slots.indexOf(slot), 1));
      return slot;
    }
    return slots.reduce((least, slot) => (slot.busy < least.busy ? slot : least));
  };
  return {
    async invoke(fn, payload) {
      const slot = pick();
      slot.busy += 1;
      try {
        const container = await slot.container.catch(() => first);
        return await container.invoke(fn, payload);
      } finally {
        slot.busy -= 1;
      }
    },
    async close() {
      const started = await Promise.allSettled(slots.map((slot) => slot.container));
      await Promise.all(
        started.flatMap((result) => (result.status === 'fulfilled' ? [result.value.close()] : [])),
      );
    },
  };
}
