/**
 * The leak-response handler with its real Step Functions client against an
 * endpoint that never answers: each StartExecution attempt ends at the
 * client's request timeout, and the invocation fails well inside the
 * function's 30 s, so Lambda retries it, rather than hanging until Lambda
 * kills it. No SDK mock here: the client really sends.
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exposureEvent } from '../leak/exposure-fixture.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';
import { captureLogs } from './log-capture.ts';

const HUB = '123456789012';
const REQUEST_TIMEOUT_MS = 300;
// Not the harness's: importing it would mock every SDK client, this one included.
const lambdaContext = {
  functionName: 'akr-leak-response',
  awsRequestId: 'request-0001',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;
let hung: HungEndpoint;
let handler: (event: unknown, context: Context) => Promise<unknown>;

beforeAll(async () => {
  hung = await startHungEndpoint();
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAHUNGTEST00000001');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'hung-test-secret');
  vi.stubEnv('AWS_ENDPOINT_URL_SFN', hung.url);
  vi.stubEnv('AKR_REQUEST_TIMEOUT_MS', String(REQUEST_TIMEOUT_MS));
  vi.stubEnv('AKR_AWS_STATE_MACHINE_ARN', `arn:aws:states:us-east-1:${HUB}:stateMachine:akr-aws`);
  vi.stubEnv('AKR_HUB_ACCOUNT_ID', HUB);
  vi.resetModules();
  ({ handler } = (await import('../../lambdas/handlers/leak-response.ts')) as unknown as {
    handler: typeof handler;
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await hung.close();
});

describe('leak-response handler against a hung Step Functions endpoint', () => {
  it('fails within seconds, after the SDK attempts, so that the invocation is retried', async () => {
    // Prepare
    const logs = captureLogs();
    const startedAt = Date.now();

    // Act
    let failure: unknown;
    try {
      await handler(
        exposureEvent({ keyIds: ['AKIAFIRST00000000001', 'AKIASECOND0000000002'] }),
        lambdaContext,
      );
    } catch (error) {
      failure = error;
    } finally {
      logs.restore();
    }
    const elapsedMs = Date.now() - startedAt;

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('LeakResponseStartError');
    expect((failure as Error).message).toMatch(/^2 of 2 emergency rotations could not be started: AKIAFIRST/);
    // Both keys were tried at once, each for 3 attempts of 300 ms plus backoff: far below 30 s.
    expect(elapsedMs).toBeGreaterThanOrEqual(3 * REQUEST_TIMEOUT_MS);
    expect(elapsedMs).toBeLessThan(10_000);
    const starts = hung.requests.filter((request) => request.endsWith('AWSStepFunctions.StartExecution'));
    expect(starts.length).toBe(6);
  }, 20_000);
});
