/**
 * Runs `node <args>` with every module it resolves recorded
 * (record-module-loads.ts), for tests that assert what a command does not load.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const RECORDER = join(import.meta.dirname, 'record-module-loads.ts');

export interface RecordedRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every module URL the process resolved. */
  readonly modules: readonly string[];
}

export function runRecordingModules(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 120_000,
): RecordedRun {
  const dir = mkdtempSync(join(tmpdir(), 'akr-modules-'));
  const log = join(dir, 'modules.txt');
  try {
    const run = spawnSync(process.execPath, ['--import', RECORDER, ...args], {
      cwd: REPO_ROOT,
      env: { ...env, AKR_TEST_MODULE_LOG: log },
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The npm packages among `modules`, e.g. `aws-cdk-lib` or `@aws-sdk/client-iam`. */
export function packagesAmong(modules: readonly string[]): Set<string> {
  const packages = new Set<string>();
  for (const url of modules) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match?.[1]) packages.add(match[1]);
  }
  return packages;
}
