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
import { readPersistedCloudState, seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { quickLocalRotation } from './support/akr-spawn.ts';
import { runAkrAgainst, type ServedCloud, serveLocalCloud } from './support/served-cloud.ts';

const ACCOUNT = '123456789012';
let servedDir: string;
let runnerDir: string;
let served: ServedCloud | undefined;

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
    served = await serveLocalCloud(servedDir, runnerDir, ['--account', ACCOUNT]);

    // Act
    const run = runAkrAgainst(served.endpoint, runnerDir, runnerDir, quickLocalRotation('kim'));

    // Assess
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/Rotation kim-\d{4}-\d{2}-\d{2}: SUCCEEDED in/);
    const [execution] = new ExecutionHistoryStore(runnerDir).list();
    const published = execution?.events.find(
      (event) => event.type === 'StateExited' && event.stateName === N.publish,
    );
    expect(published?.output).toBeDefined();
    expect(JSON.stringify(published?.output)).not.toContain('notificationFailure');
    expect(execution?.stateMachineArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:${ACCOUNT}:`));
    await served.stop();
    served = undefined;
    const state = readPersistedCloudState(servedDir);
    expect(state.accountId).toBe(ACCOUNT);
    expect(state.sns.messages.length).toBeGreaterThan(0);
    for (const message of state.sns.messages) expect(message.topicArn).toContain(`:${ACCOUNT}:`);
    expect(state.secrets['access-key-rotator/aws/kim']?.arn).toContain(`:${ACCOUNT}:secret:`);
  });
});
