/**
 * An emergency rotation by key id, run by a real `akr rotate --local`
 * process against a cloud of account 123456789012 served here: while it
 * waits out the deletion delay the exposed key is already Inactive; SIGINT
 * stops the runner with the commands to go on, the abort command naming the
 * owner Plan found (the user typed only the key id); a second process naming
 * the new key is refused while the rotation holds the lock; `akr resume` then
 * deletes the exposed key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalCloud, seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { entered, runAkr } from './support/killable-runner.ts';

const ACCOUNT = '123456789012';
let cloud: LocalCloud;
let stateDir: string;

function keys(): { id: string; status: string }[] {
  return cloud.iam
    .listAccessKeys('kim')
    .map((key) => ({ id: key.accessKeyId, status: key.status }))
    .sort((a, b) => a.status.localeCompare(b.status));
}

function currentKeyId(): string | undefined {
  const value = cloud.secrets.getSecretValue('access-key-rotator/aws/kim').secretString;
  return JSON.parse(value ?? '{}').AccessKeyId;
}

beforeAll(async () => {
  cloud = await startLocalCloud({ persist: false, accountId: ACCOUNT });
  stateDir = mkdtempSync(join(tmpdir(), 'akr-key-id-interrupted-'));
});
afterAll(async () => {
  await cloud.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('akr rotate --local --access-key-id --emergency, interrupted', () => {
  it('is Inactive while the deletion delay runs, refuses a second process, and resumes to the end', {
    timeout: SPAWNING_TEST_TIMEOUT_MS,
  }, async () => {
    // Prepare
    const [exposed = ''] = seedIamUser(cloud, {
      userName: 'kim',
      tags: OPTED_IN_TAGS,
      keys: [{ ageDays: 30 }],
      managedSecret: { name: 'access-key-rotator/aws/kim', keyIndex: 0 },
    }).keyIds;
    const name = `${exposed}-${new Date().toISOString().slice(0, 10)}`;
    const args = ['--access-key-id', exposed, '--emergency', '--deletion-delay', '15s'];
    const runner = runAkr(cloud, stateDir, ['rotate', '--local', ...args]);
    await entered(stateDir, name, 'WaitDeletion');
    const waiting = keys();
    const newKeyId = currentKeyId() ?? '';

    // Act: the interrupted execution keeps the lock, so the second process meets it whenever it starts.
    runner.child.kill('SIGINT');
    const stopped = await runner.exited;
    const secondArgs = ['--access-key-id', newKeyId, '--emergency', '--deletion-delay', '1s'];
    const second = runAkr(cloud, stateDir, ['rotate', '--local', ...secondArgs]);
    const refused = await second.exited;
    const resume = runAkr(cloud, stateDir, ['resume', '--local', '--name', name]);
    const resumed = await resume.exited;

    // Assess
    expect(waiting).toEqual([
      { id: newKeyId, status: 'Active' },
      { id: exposed, status: 'Inactive' },
    ]);
    expect(refused.code, second.output()).toBe(1);
    expect(second.output()).toContain('RotationInFlightError');
    expect(stopped.code).toBe(130);
    expect(runner.output()).toContain(`npx akr resume --local --name ${name}`);
    expect(runner.output()).toContain('npx akr abort --local --principal kim');
    expect(resumed.code, resume.output()).toBe(0);
    expect(resume.output()).toContain(`Rotation ${name}: SUCCEEDED`);
    expect(keys()).toEqual([{ id: newKeyId, status: 'Active' }]);
    expect(currentKeyId()).toBe(newKeyId);
  });
});
