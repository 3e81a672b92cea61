/**
 * Assuming a member role is bounded like every other call: against an STS
 * endpoint that accepts and never answers, the member account's IAM call
 * fails within the call timeouts, as TransientError naming the role (which
 * the state machine retries), not as a hung step.
 */
import { GetUserCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { iamClientsWith } from '../../lambdas/adapters/aws/iam-clients.ts';
import { memberAccountCredentials } from '../../lambdas/adapters/aws/member-account-credentials.ts';
import { callAws } from '../../lambdas/adapters/aws/transient-errors.ts';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import { CALL_TIMEOUT_VARIABLES } from '../../lambdas/config/call-timeouts.ts';
import { TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';

let hung: HungEndpoint;

beforeAll(async () => {
  hung = await startHungEndpoint();
  vi.stubEnv('AWS_ENDPOINT_URL_STS', hung.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAHUBSTEPROLE00001');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'hub-secret-never-shown');
  vi.stubEnv(CALL_TIMEOUT_VARIABLES.connectMs, '200');
  vi.stubEnv(CALL_TIMEOUT_VARIABLES.requestMs, '300');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await hung.close();
});

describe('a member role behind a hung STS endpoint', () => {
  it("ends the member account's IAM call within the call timeouts, as TransientError naming the role", async () => {
    // Prepare
    const credentials = memberAccountCredentials(readAccountScope({}));
    const { iam } = iamClientsWith(credentials('111122223333'));
    const before = hung.requests.length;
    const started = Date.now();

    // Act
    const outcome = callAws('IAM GetUser', () => iam.send(new GetUserCommand({ UserName: 'alice' }))).finally(
      () => iam.destroy(),
    );

    // Assess
    await expect(outcome).rejects.toThrow(TransientError);
    await expect(outcome).rejects.toThrow(
      'STS AssumeRole of arn:aws:iam::111122223333:role/access-key-rotator-member did not answer within 0.3 s; safe to retry',
    );
    await expect(outcome).rejects.not.toThrow(/hub-secret-never-shown/);
    expect(hung.requests.length - before).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
