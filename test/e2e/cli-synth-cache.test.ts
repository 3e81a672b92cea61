/**
 * `akr rotate --local` as a user runs it twice on one state dir: the first
 * run synthesizes the CDK app and says so on stderr (its --json stdout stays
 * one document); the second reads the cached template and never loads the
 * CDK libraries. Real processes, their module loads recorded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { packagesAmong, runRecordingModules } from '../support/loaded-modules.ts';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';

let stateDir: string;
const CDK_PACKAGES = ['aws-cdk-lib', 'cdk-nag', 'constructs'];

function dryRun() {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  const args = ['rotate', '--local', '--principal', 'kim', '--dry-run', '--json', '--state-dir', stateDir];
  const run = runRecordingModules(['bin/akr.ts', ...args], env);
  return {
    ...run,
    document: JSON.parse(run.stdout) as { status: string },
    packages: packagesAmong(run.modules),
  };
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-synth-cache-'));
  const cloud = await startLocalCloud({ stateDir });
  seedIamUser(cloud, { userName: 'kim', tags: OPTED_IN_TAGS, keys: [{ ageDays: 95 }] });
  await cloud.close();
});
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('akr rotate --local and the synth cache', { timeout: SPAWNING_TEST_TIMEOUT_MS }, () => {
  it('synthesizes on the first run, saying so on stderr only, and reuses the template after', () => {
    // Act
    const cold = dryRun();
    const warm = dryRun();

    // Assess
    expect(cold.status, cold.stderr).toBe(0);
    expect(cold.document.status).toBe('SUCCEEDED');
    expect(cold.stderr).toMatch(/^synthesizing… /m);
    for (const pkg of CDK_PACKAGES) expect(cold.packages).toContain(pkg);

    expect(warm.status, warm.stderr).toBe(0);
    expect(warm.document.status).toBe('SUCCEEDED');
    expect(warm.stderr).not.toContain('synthesizing');
    for (const pkg of CDK_PACKAGES) expect(warm.packages).not.toContain(pkg);
  });
});
