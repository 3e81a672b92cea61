/**
 * `akr` as a user runs it: a separate process over a state directory, with
 * the embedded cloud (AWS_ENDPOINT_URL unset), and the cloud's state files to
 * prove that a refused command changed nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JOURNAL_FILE_NAME, STATE_FILE_NAME } from '../../../local/cloud/index.ts';

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
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The cloud's state files, byte for byte: the snapshot and its journal. */
export function cloudStateFiles(stateDir: string): string[] {
  return [STATE_FILE_NAME, JOURNAL_FILE_NAME].map((name) => {
    const file = join(stateDir, name);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  });
}
