/**
 * As a user would try another account: `akr local-cloud --account
 * 123456789012` in one process, `akr rotate --local` with AWS_ENDPOINT_URL
 * pointing there in another. The rotation takes its account from STS at that
 * endpoint, so its notification reaches the topic there and every ARN in its
 * history and in the served state names 123456789012.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation-state-names.ts';
import {
  LOCAL_ADMIN_CREDENTIALS,
  readPersistedCloudState,
  seedIamUser,
  startLocalCloud,
} from '../../local/cloud/index.ts';
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import {
  quickLocalRotation,
  runAkrAsync,
  type ServedLocalCloud,
  serveLocalCloud,
} from './support/akr-spawn.ts';

const ACCOUNT = '123456789012';
let servedDir: string;
let runnerDir: string;
let served: ServedLocalCloud | undefined;

beforeAll(async () => {
  servedDir = mkdtempSync(join(tmpdir(), 'akr-served-'));
  runnerDir = mkdtempSync(join(tmpdir(), 'akr-runner-'));
  const seeding = await startLocalCloud({ stateDir: servedDir, accountId: ACCOUNT });
  seedIamUser(seeding, {
    userName: 'kim',
    tags: OPTED_IN_TAGS,
    keys: [{ ageDays: 95 }],
    managedSecret: { name: 'access-key-rotator/aws/kim', keyIndex: 0 },
  });
  await seeding.close();
});
afterAll(async () => {
  await served?.stop();
  rmSync(servedDir, { recursive: true, force: true });
  rmSync(runnerDir, { recursive: true, force: true });
});

describe('akr rotate --local against akr local-cloud --account 123456789012', () => {
  it('succeeds, publishes its notification there, and names that account in every ARN', {
    timeout: SPAWNING_TEST_TIMEOUT_MS,
  }, async () => {
    // Prepare
    served = await serveLocalCloud(['--state-dir', servedDir, '--account', ACCOUNT]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ENDPOINT_URL: served.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
    };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;

    // Act
    const run = await runAkrAsync(
      quickLocalRotation('kim', runnerDir),
      env,
      SPAWNING_TEST_TIMEOUT_MS - 30_000,
    );

    // Assess
    expect(served.output()).toContain(`Account ${ACCOUNT}`);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/Rotation kim-\d{4}-\d{2}-\d{2}: SUCCEEDED in/);
    const [execution] = new ExecutionHistoryStore(runnerDir).list();
    const published = execution?.events.find(
      (event) => event.type === 'StateExited' && event.stateName === N.publish,
    );
    expect(published?.output).toBeDefined();
    expect(JSON.stringify(published?.output)).not.toContain('notificationFailure');
    expect(execution?.stateMachineArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:`));
    expect(await served.stop()).toBe(0);
    served = undefined;
    const state = readPersistedCloudState(servedDir);
    expect(state.accountId).toBe(ACCOUNT);
    expect(state.sns.messages.length).toBeGreaterThan(0);
    for (const message of state.sns.messages) expect(message.topicArn).toContain(`:${ACCOUNT}:`);
    expect(state.secrets['access-key-rotator/aws/kim']?.arn).toContain(`:${ACCOUNT}:secret:`);
  });
});
