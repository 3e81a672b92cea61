/**
 * The fault kinds, seen through the real clients: an injected error is
 * answered in the protocol's envelope, a reset drops the call unanswered and
 * unapplied, latency delays a normal answer, a lost response applies the
 * call and then drops the connection, and a hang never answers, for AWS (SDK)
 * and Yandex (fetch) alike.
 */
import { CreateAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { callAws } from '../../lambdas/adapters/aws/transient-errors.ts';
import {
  clientConfig,
  rejectionOf,
  startTestCloud,
  type TestCloud,
} from '../../packages/local-cloud/test/local-cloud-fixture.ts';
import {
  ACCESS_KEYS_PATH,
  iamToken,
  seedIdentity,
  yc,
} from '../../packages/local-cloud/test/yandex-fixture.ts';

let t: TestCloud;
beforeEach(async () => {
  t = await startTestCloud();
  t.cloud.iam.createUser({ userName: 'alice' });
});
afterEach(() => t.close());

/** The network failure of a fetch that got no answer (fetch wraps it in a TypeError). */
async function fetchFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const { cause } = error as { cause?: { code?: string } };
    return cause?.code ?? String(error);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('AWS calls under each fault kind', () => {
  it('hang: the call gets no answer until the client gives up, and nothing is created', async () => {
    t.cloud.injectFault({ service: 'iam', action: 'CreateAccessKey', kind: 'hang' });
    const bounded = new IAMClient({
      ...clientConfig(t.cloud),
      requestHandler: boundedRequestHandler({ connectMs: 300, requestMs: 300 }),
    });

    const failure = await rejectionOf(
      callAws('IAM CreateAccessKey', () => bounded.send(new CreateAccessKeyCommand({ UserName: 'alice' }))),
    );
    bounded.destroy();

    expect(failure.message).toBe('IAM CreateAccessKey did not answer within 0.3 s; safe to retry');
    expect(t.cloud.iam.listAccessKeys('alice')).toEqual([]);
    expect(t.cloud.requests.at(-1)).toMatchObject({ action: 'CreateAccessKey', status: 0, fault: 'hang' });
  });

  it('reset: the SDK sees a dropped connection and nothing is created', async () => {
    t.cloud.injectFault({ service: 'iam', action: 'CreateAccessKey', kind: 'reset' });

    const failure = await rejectionOf(t.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));

    expect(failure.message).toMatch(/socket hang up|ECONNRESET/);
    expect(t.cloud.iam.listAccessKeys('alice')).toEqual([]);
    expect(t.cloud.requests.at(-1)).toMatchObject({ action: 'CreateAccessKey', status: 0, fault: 'reset' });
  });

  it('lostResponse: the key is created, yet the caller only sees a dropped connection', async () => {
    t.cloud.injectFault({ service: 'iam', action: 'CreateAccessKey', kind: 'lostResponse' });

    const failure = await rejectionOf(t.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));

    expect(failure.message).toMatch(/socket hang up|ECONNRESET/);
    expect(t.cloud.iam.listAccessKeys('alice')).toHaveLength(1);
    expect(t.cloud.requests.at(-1)).toMatchObject({ status: 200, fault: 'lostResponse' });
  });

  it('latency: the answer is normal, only later; `times` bounds every kind', async () => {
    t.cloud.injectFault({
      service: 'iam',
      action: 'ListAccessKeys',
      kind: 'latency',
      delayMs: 300,
      times: 2,
    });

    const started = Date.now();
    await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    const slow = Date.now() - started;
    const again = Date.now();
    const listed = await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    expect(slow).toBeGreaterThanOrEqual(600);
    expect(Date.now() - again).toBeLessThan(300);
    expect(listed.AccessKeyMetadata).toEqual([]);
    expect(t.cloud.requests.map((request) => request.fault)).toEqual(['latency', 'latency', undefined]);
  });

  it('skip: reaches a later occurrence of the call, letting the earlier ones through', async () => {
    t.cloud.injectFault({ service: 'iam', action: 'ListAccessKeys', kind: 'reset', skip: 2 });

    for (let i = 0; i < 2; i++) await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    const third = await rejectionOf(t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' })));
    await t.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));

    expect(third.message).toMatch(/socket hang up|ECONNRESET/);
    expect(t.cloud.requests.map((request) => request.fault)).toEqual([
      undefined,
      undefined,
      'reset',
      undefined,
    ]);
  });

  it('refuses a rule that cannot be applied', () => {
    expect(() =>
      t.cloud.injectFault({ service: 'iam', action: 'ListAccessKeys', kind: 'latency', delayMs: -1 }),
    ).toThrow(/delayMs/);
    expect(() =>
      t.cloud.injectFault({ service: 'yandex-operation', action: 'DeleteAccessKey', kind: 'reset' }),
    ).toThrow(/kind must be error/);
    expect(() =>
      t.cloud.injectFault({ service: 'iam', action: 'ListAccessKeys', kind: 'reset', skip: -1 }),
    ).toThrow(/skip/);
  });
});

describe('Yandex calls under each fault kind', () => {
  it('lostResponse on Create: the key exists, the caller never got its secret', async () => {
    const identity = seedIdentity(t.cloud);
    const token = await iamToken(t.cloud, identity);
    const account = t.cloud.yandex.createServiceAccount('ajefaultkinds0000001');
    t.cloud.injectFault({ service: 'yandex-iam', action: 'CreateAccessKey', kind: 'lostResponse' });

    const code = await fetchFailure(
      yc(t.cloud, 'POST', ACCESS_KEYS_PATH, { token, body: { serviceAccountId: account.id } }),
    );

    expect(code).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect(t.cloud.yandex.listAccessKeys(account.id)).toHaveLength(1);
  });

  it('reset on storage and an error on the token exchange are served in their own shapes', async () => {
    const identity = seedIdentity(t.cloud);
    t.cloud.injectFault({ service: 'yandex-storage', action: 'ListBuckets', kind: 'reset' });
    t.cloud.injectFault({
      service: 'yandex-iam',
      action: 'CreateIamToken',
      error: { code: '8', message: 'quota', status: 429 },
    });

    const storage = await fetchFailure(fetch(`${t.cloud.endpoint}/`));
    const refused = await rejectionOf(iamToken(t.cloud, identity));
    const token = await iamToken(t.cloud, identity);

    expect(storage).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
    expect(refused.message).toContain('"code":8');
    expect(token).toMatch(/^t1\./);
  });
});
