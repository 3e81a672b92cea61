/**
 * The local Lambda containers scale as Lambda's do: a warm idle container
 * takes the invocation, another starts only when every one is busy, never
 * more than the cap, and a container that cannot start leaves the pool.
 */
import { describe, expect, it } from 'vitest';
import type { LambdaContainer } from '../../local/workflow/lambda-container.ts';
import { lambdaContainerPool } from '../../local/workflow/lambda-container-pool.ts';
import type { SynthesizedFunction } from '../../local/workflow/synthesized-workflow.ts';

const FN = { logicalId: 'Plan' } as SynthesizedFunction;

/** A container that answers with its own number once `release` is called for that invocation. */
function fakeContainer(id: number, calls: number[]) {
  const waiting: (() => void)[] = [];
  const container: LambdaContainer = {
    invoke: () =>
      new Promise((resolve) => {
        calls.push(id);
        waiting.push(() => resolve(id));
      }),
    close: async () => undefined,
  };
  return {
    container,
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
  };
}

describe('lambdaContainerPool', () => {
  it('reuses the warm container for one invocation at a time', async () => {
    const calls: number[] = [];
    const first = fakeContainer(1, calls);
    let started = 0;
    const pool = lambdaContainerPool(
      first.container,
      async () => {
        started += 1;
        return fakeContainer(2, calls).container;
      },
      4,
    );
    for (let i = 0; i < 3; i++) {
      const answer = pool.invoke(FN, {});
      await new Promise((resolve) => setImmediate(resolve));
      first.releaseAll();
      expect(await answer).toBe(1);
    }
    expect(started).toBe(0);
    expect(calls).toEqual([1, 1, 1]);
  });

  it('starts another container only when all are busy, up to the cap, then shares the least busy', async () => {
    const calls: number[] = [];
    const containers = [fakeContainer(1, calls)];
    const pool = lambdaContainerPool(
      (containers[0] as ReturnType<typeof fakeContainer>).container,
      async () => {
        const next = fakeContainer(containers.length + 1, calls);
        containers.push(next);
        return next.container;
      },
      2,
    );
    const answers = [pool.invoke(FN, {}), pool.invoke(FN, {}), pool.invoke(FN, {}), pool.invoke(FN, {})];
    await new Promise((resolve) => setImmediate(resolve));
    expect(containers).toHaveLength(2);
    expect([...calls].sort()).toEqual([1, 1, 2, 2]);
    for (const container of containers) container.releaseAll();
    expect((await Promise.all(answers)).sort()).toEqual([1, 1, 2, 2]);
  });

  it('sends the invocations of a container that cannot start to the first one', async () => {
    const calls: number[] = [];
    const first = fakeContainer(1, calls);
    const pool = lambdaContainerPool(
      first.container,
      () => Promise.reject(new Error('worker failed to start')),
      2,
    );
    const answers = [pool.invoke(FN, {}), pool.invoke(FN, {})];
    await new Promise((resolve) => setImmediate(resolve));
    first.releaseAll();
    expect(await Promise.all(answers)).toEqual([1, 1]);
    const later = pool.invoke(FN, {});
    await new Promise((resolve) => setImmediate(resolve));
    first.releaseAll();
    expect(await later).toBe(1);
  });
});
