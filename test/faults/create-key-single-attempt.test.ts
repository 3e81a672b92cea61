/**
 * A create is never repeated inside the Lambda. When IAM creates a key but its
 * answer is lost, the SDK's own retry would create a second key and the first
 * one's secret would be gone (an orphan: found by the fault matrix on a first
 * rotation). So CreateAccessKey goes through a one-attempt client and fails as
 * TransientError, and the CreateKey step's retry reconciles.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iamAccessKeyProvider } from '../../lambdas/adapters/aws/iam-access-key-provider.ts';
import { iamCreateKeyClient } from '../../lambdas/adapters/aws/iam-clients.ts';
import {
  clientConfig,
  startTestCloud,
  type TestCloud,
} from '../../packages/local-cloud/test/local-cloud-fixture.ts';

let t: TestCloud;
beforeEach(async () => {
  t = await startTestCloud();
  t.cloud.iam.createUser({ userName: 'alice' });
});
afterEach(() => t.close());

describe('IAM CreateAccessKey under a lost answer', () => {
  it('is sent once and fails as TransientError, leaving one key for the step to reconcile', async () => {
    // Prepare: the SDK's default retries everywhere, one attempt for the create, as in production.
    const { maxAttempts: _, ...config } = clientConfig(t.cloud);
    const iam = new IAMClient(config);
    const createKeyClient = new IAMClient({ ...config, maxAttempts: 1 });
    const provider = iamAccessKeyProvider(iam, { createKeyClient });
    t.cloud.injectFault({ service: 'iam', action: 'CreateAccessKey', kind: 'lostResponse' });

    // Act
    const failure = await provider.createKey('alice', 'rotation-1').catch((error: Error) => error);

    // Assess
    expect(failure).toMatchObject({ name: 'TransientError' });
    expect(t.cloud.requests.filter((request) => request.action === 'CreateAccessKey')).toHaveLength(1);
    expect(t.cloud.iam.listAccessKeys('alice')).toHaveLength(1);
    iam.destroy();
    createKeyClient.destroy();
  });

  it('would have made a second key with the SDK retrying the create', async () => {
    const { maxAttempts: _, ...config } = clientConfig(t.cloud);
    const iam = new IAMClient(config);
    t.cloud.injectFault({ service: 'iam', action: 'CreateAccessKey', kind: 'lostResponse' });

    const created = await iamAccessKeyProvider(iam).createKey('alice', 'rotation-1');

    expect(t.cloud.iam.listAccessKeys('alice').map((key) => key.accessKeyId)).toContain(created.keyId);
    expect(t.cloud.iam.listAccessKeys('alice')).toHaveLength(2);
    iam.destroy();
  });

  it('is what the Lambdas use: the create client makes one attempt', async () => {
    expect(await iamCreateKeyClient.config.maxAttempts()).toBe(1);
  });
});
