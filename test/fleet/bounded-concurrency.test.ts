import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../lambdas/fleet/bounded-concurrency.ts';

/** A task whose calls finish in an order the test controls, counting how many run at once. */
function gatedTask() {
  const state = { running: 0, maxRunning: 0, started: [] as number[] };
  const task = async (item: number): Promise<number> => {
    state.running += 1;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    state.started.push(item);
    // Later items finish first, so results arrive out of order.
    await new Promise((resolve) => setTimeout(resolve, 10 - (item % 10)));
    state.running -= 1;
    if (item < 0) throw new Error(`item ${item} failed`);
    return item * 2;
  };
  return { state, task };
}

describe('mapWithConcurrency', () => {
  it('keeps item order in the results and never runs more than the limit', async () => {
    // Prepare
    const { state, task } = gatedTask();
    const items = Array.from({ length: 25 }, (_, i) => i);

    // Act
    const results = await mapWithConcurrency(items, 4, task);

    // Assess
    expect(results).toEqual(items.map((i) => i * 2));
    expect(state.maxRunning).toBe(4);
  });

  it('runs fewer workers than the limit when there are fewer items, and none for no items', async () => {
    // Prepare
    const { state, task } = gatedTask();

    // Act
    const some = await mapWithConcurrency([1, 2], 10, task);
    const none = await mapWithConcurrency([], 10, task);

    // Assess
    expect(some).toEqual([2, 4]);
    expect(none).toEqual([]);
    expect(state.maxRunning).toBe(2);
  });

  it('starts nothing new after a failure, waits for the calls in flight, then throws the first error', async () => {
    // Prepare
    const { state, task } = gatedTask();
    const items = [0, -1, 2, 3, 4, 5, 6, 7];

    // Act
    const outcome = mapWithConcurrency(items, 2, task);

    // Assess
    await expect(outcome).rejects.toThrow('item -1 failed');
    expect(state.running).toBe(0);
    expect(state.started.length).toBeLessThan(items.length);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %s', async (limit) => {
    await expect(mapWithConcurrency([1], limit, async (x) => x)).rejects.toThrow(RangeError);
  });
});
