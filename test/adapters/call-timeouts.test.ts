/**
 * Every client call is bounded: against an endpoint that accepts and never
 * answers, the real SDK client and the real Yandex client fail fast with a
 * TransientError that names the service, the operation and the bound.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { callAws, failureOf } from '../../lambdas/adapters/aws/transient-errors.ts';
import { snsNotifier } from '../../lambdas/adapters/notifications/sns-notifier.ts';
import { sendJson } from '../../lambdas/adapters/yandex/yandex-json-request.ts';
import { retryPolicy } from '../../lambdas/adapters/yandex/yandex-retry-policy.ts';
import {
  CALL_TIMEOUT_VARIABLES,
  callTimeouts,
  DEFAULT_CALL_TIMEOUTS,
} from '../../lambdas/config/call-timeouts.ts';
import { TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';
import { rotatedEvent, TOPIC_ARN } from './notifications/notification-fixtures.ts';

const BOUND = { connectMs: 200, requestMs: 300 };

let hung: HungEndpoint;
beforeAll(async () => {
  hung = await startHungEndpoint();
});
afterAll(() => hung.close());

function snsClientAt(url: string, maxAttempts: number): SNSClient {
  return new SNSClient({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIAHUNGTEST00000001', secretAccessKey: 'not-a-real-secret' },
    maxAttempts,
    requestHandler: boundedRequestHandler(BOUND),
  });
}

describe('a call to an endpoint that never answers', () => {
  it('fails an SDK call after each attempt times out, naming the service, operation and bound', async () => {
    // Prepare
    const client = snsClientAt(hung.url, 2);
    const before = hung.requests.length;
    const started = Date.now();

    // Act
    const outcome = callAws('SNS Publish', () =>
      client.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: '{}' })),
    ).finally(() => client.destroy());

    // Assess
    await expect(outcome).rejects.toThrow(TransientError);
    await expect(outcome).rejects.toThrow('SNS Publish did not answer within 0.3 s; safe to retry');
    expect(hung.requests.length - before).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('turns a hung notification into a notification failure that says what hung', async () => {
    // Prepare
    const client = snsClientAt(hung.url, 1);

    // Act
    const outcome = snsNotifier(client, TOPIC_ARN)
      .notify(rotatedEvent)
      .finally(() => client.destroy());

    // Assess
    await expect(outcome).rejects.toThrow(
      `SNS Publish could not send "Access Key Rotated" of rotation ${rotatedEvent.rotationId}: ` +
        'did not answer within 0.3 s',
    );
  });

  it('ends each Yandex attempt at the bound and names the call after its retries', async () => {
    // Prepare
    const before = hung.requests.length;
    const policy = retryPolicy({ attemptTimeoutMs: 250, maxAttempts: 2, sleep: async () => {} });

    // Act
    const outcome = sendJson(
      {
        method: 'GET',
        url: `${hung.url}/iam/v1/serviceAccounts/aje1`,
        operation: 'Yandex IAM Get aje1',
        idempotent: true,
      },
      { fetch: (input, init) => globalThis.fetch(input, init), policy },
    );

    // Assess
    await expect(outcome).rejects.toThrow(
      'Yandex IAM Get aje1 failed with no answer within 0.25 s after 2 attempts; safe to retry',
    );
    expect(hung.requests.length - before).toBe(2);
  });
});

describe('call timeouts', () => {
  it('default to bounds well under the 30 s function timeout, and read the environment', () => {
    expect(callTimeouts({})).toEqual(DEFAULT_CALL_TIMEOUTS);
    expect(DEFAULT_CALL_TIMEOUTS.requestMs * 3).toBeLessThan(30_000);
    const env = { [CALL_TIMEOUT_VARIABLES.connectMs]: '150', [CALL_TIMEOUT_VARIABLES.requestMs]: '400' };
    expect(callTimeouts(env)).toEqual({ connectMs: 150, requestMs: 400 });
  });

  it.each(['0', '2.5', 'soon', '30000'])('refuse %s, naming the variable', (value) => {
    expect(() => callTimeouts({ AKR_REQUEST_TIMEOUT_MS: value })).toThrow(/^AKR_REQUEST_TIMEOUT_MS must be/);
  });

  it('describe a connection that was never established as such', () => {
    const error = Object.assign(
      new Error(
        'the request socket did not establish a connection with the server within the configured timeout of 2000 ms.',
      ),
      { name: 'TimeoutError' },
    );
    expect(failureOf(error)).toBe('could not connect within 2 s');
  });
});
