/**
 * `akr` as a user runs it: a separate process over a state directory, with
 * the embedded cloud (AWS_ENDPOINT_URL unset), and the cloud's state files to
 * prove that a refused command changed nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPersistedCloudState, STATE_DATABASE_FILE_NAME } from '@access-key-rotator/local-cloud';
import { committedChanges } from '../../../packages/local-cloud/test/local-cloud-fixture.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** A test that spawns several CLI processes, each opening the synthesized app, on two shared CI cores. */
export const SPAWNING_TEST_TIMEOUT_MS = 300_000;

export function runAkr(stateDir: string, args: readonly string[], timeoutMs = 120_000) {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  const run = spawnSync(process.execPath, ['bin/akr.ts', ...args, '--state-dir', stateDir], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  // `stdout` alone is what --json promises to keep parseable; stderr carries notices such as `synthesizing…`.
  return { status: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}` };
}

/** The cloud's state, and how many changes were ever committed to it: a refused command moves neither. */
export function cloudStateFiles(stateDir: string): [string, number] {
  if (!existsSync(join(stateDir, STATE_DATABASE_FILE_NAME))) return ['', 0];
  return [JSON.stringify(readPersistedCloudState(stateDir)), committedChanges(stateDir)];
}
