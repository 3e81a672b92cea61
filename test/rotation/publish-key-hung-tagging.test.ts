/**
 * Publish against a Secrets Manager that never answers the tagging call: the
 * real store's bounded client gives up, AWSCURRENT has already moved, and the
 * step ends with the failure in `secretTagFailure` instead of hanging until
 * the Lambda timeout or failing a published rotation.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { secretsManagerStore } from '../../lambdas/adapters/aws/secrets-manager-store.ts';
import { publishKey } from '../../lambdas/rotation/publish-key.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';
import { currentKeyIdOf, managedScenario, runUntil } from './rotation-fixtures.ts';

let hung: HungEndpoint;
beforeAll(async () => {
  hung = await startHungEndpoint();
});
afterAll(() => hung.close());

describe('publishKey when tagging the secret hangs', () => {
  it('publishes, then reports the hung TagResource as secretTagFailure within the bound', async () => {
    // Prepare: labels move in the fake; the record goes to the real store over a hung endpoint.
    const { world } = managedScenario();
    const state = await runUntil(world, 'verified');
    const client = new SecretsManagerClient({
      endpoint: hung.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAHUNGTEST00000001', secretAccessKey: 'not-a-real-secret' },
      maxAttempts: 1,
      requestHandler: boundedRequestHandler({ connectMs: 200, requestMs: 300 }),
    });
    const hungStore = secretsManagerStore(client, { kmsKeyId: undefined });
    const secrets = Object.assign(Object.create(world.secrets) as typeof world.secrets, {
      recordManagement: hungStore.recordManagement,
    });
    const started = Date.now();

    // Act
    const published = await publishKey(state, { ...world.ports, secrets }).finally(() => client.destroy());

    // Assess
    expect(currentKeyIdOf(world)).toBe(state.created?.newKeyId);
    expect(published.secretTagFailure).toMatch(
      /^TransientError: SecretsManager TagResource did not answer within 0\.3 s/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hung.requests.some((request) => request.includes('secretsmanager.TagResource'))).toBe(true);
  });
});
