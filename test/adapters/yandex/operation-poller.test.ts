import { describe, expect, it } from 'vitest';
import { operationPoller, type YandexOperation } from '../../../lambdas/adapters/yandex/operation-poller.ts';
import type { YandexHttpClient, YandexRequest } from '../../../lambdas/adapters/yandex/yandex-http-client.ts';
import { rejectionOf } from './yandex-test-stack.ts';

const OPERATION_ENDPOINT = 'https://operation.example';

/** An Operation API whose GETs answer from a script, on a clock that sleeping advances. */
function scriptedOperations(answers: YandexOperation[]) {
  const requests: YandexRequest[] = [];
  const sleeps: number[] = [];
  let now = 0;
  const http: YandexHttpClient = {
    async send<T>(request: YandexRequest): Promise<T> {
      requests.push(request);
      const next = answers.shift();
      if (!next) throw new Error('no scripted answer left');
      return next as T;
    },
  };
  const poller = (timeoutMs?: number) =>
    operationPoller(http, {
      operationEndpoint: OPERATION_ENDPOINT,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
  return { requests, sleeps, poller };
}

const running: YandexOperation = { id: 'op-1', done: false };

describe('operation poller', () => {
  it('returns an operation that is already done without polling', async () => {
    // Prepare
    const { requests, poller } = scriptedOperations([]);
    const done = { id: 'op-1', done: true, response: {} };

    // Act
    const result = await poller().waitFor(done, 'delete access key YC1');

    // Assess
    expect(result).toBe(done);
    expect(requests).toEqual([]);
  });

  it('polls GET /operations/{id} with growing waits until done', async () => {
    // Prepare
    const done = { id: 'op-1', done: true, response: { id: 'aje1' } };
    const { requests, sleeps, poller } = scriptedOperations([running, running, done]);

    // Act
    const result = await poller().waitFor(running, 'retire access key YC1');

    // Assess
    expect(result).toEqual(done);
    expect(requests.map((request) => [request.method, request.url, request.idempotent])).toEqual(
      Array(3).fill(['GET', `${OPERATION_ENDPOINT}/operations/op-1`, true]),
    );
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('caps each wait at two seconds', async () => {
    // Prepare
    const answers = [...Array(7).fill(running), { id: 'op-1', done: true }];
    const { sleeps, poller } = scriptedOperations(answers);

    // Act
    await poller().waitFor(running, 'retire access key YC1');

    // Assess
    expect(Math.max(...sleeps)).toBe(2000);
    expect(sleeps.slice(-3)).toEqual([2000, 2000, 2000]);
  });

  it('raises YandexOperationError with the code and message of a failed operation', async () => {
    // Prepare
    const failed = { id: 'op-1', done: true, error: { code: 9, message: 'key is in use' } };
    const { poller } = scriptedOperations([failed]);

    // Act
    const error = await rejectionOf(poller().waitFor(running, 'retire access key YC1'));

    // Assess
    expect(error).toMatchObject({
      name: 'YandexOperationError',
      operationId: 'op-1',
      code: 9,
      kind: 'FAILED_PRECONDITION',
    });
    expect(error.message).toBe(
      'retire access key YC1: operation op-1 failed with FAILED_PRECONDITION: key is in use',
    );
  });

  it('gives up at the bound with a TransientError naming the operation', async () => {
    // Prepare
    const { requests, sleeps, poller } = scriptedOperations(Array(100).fill(running));

    // Act
    const error = await rejectionOf(poller(5_000).waitFor(running, 'delete access key YC1'));

    // Assess
    expect(error).toMatchObject({ name: 'TransientError' });
    expect(error.message).toBe(
      'delete access key YC1: operation op-1 still running after 5000 ms; safe to retry',
    );
    expect(sleeps.reduce((total, ms) => total + ms, 0)).toBeLessThanOrEqual(5_000);
    expect(requests.length).toBeGreaterThan(2);
  });

  it('stays within 20 seconds by default, inside the Lambda timeout', async () => {
    // Prepare
    const { sleeps, poller } = scriptedOperations(Array(100).fill(running));

    // Act
    await rejectionOf(poller().waitFor(running, 'delete access key YC1'));

    // Assess
    const waited = sleeps.reduce((total, ms) => total + ms, 0);
    expect(waited).toBeLessThanOrEqual(20_000);
    expect(waited).toBeGreaterThan(15_000);
  });
});
