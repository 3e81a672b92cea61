/**
 * Several `akr rotate --local` processes on one state dir at the same moment,
 * as a user running them from several terminals (or a script with `&`) would:
 * each process starts its own local cloud over the shared `.akr/`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CloudState } from '@access-key-rotator/local-cloud';
import { readPersistedCloudState, seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterEach, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import {
  ExecutionHistoryStore,
  type LocalExecutionRecord,
} from '../../local/workflow/execution-history-store.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** Each process synthesizes the template and starts a cloud: on two busy cores, 14 of them take minutes. */
const PROCESSES_TIMEOUT_MS = 900_000;

interface Run {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function akr(stateDir: string, ...args: string[]): Run {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  delete env.YC_ENDPOINT_URL;
  const child = spawn(process.execPath, ['bin/akr.ts', ...args, '--json', '--state-dir', stateDir], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('exit', (code) => done({ code, stdout, stderr })),
  );
  return { child, exited };
}

async function seeded(principals: readonly string[]): Promise<string> {
  const stateDir = mkdtempSync(join(tmpdir(), 'akr-concurrent-cli-'));
  const cloud = await startLocalCloud({ stateDir });
  for (const userName of principals)
    seedIamUser(cloud, {
      userName,
      keys: [{ ageDays: 95 }],
      tags: OPTED_IN_TAGS,
      managedSecret: { name: `access-key-rotator/aws/${userName}`, keyIndex: 0 },
    });
  await cloud.close();
  return stateDir;
}

function locksHeld(state: CloudState): unknown[] {
  return Object.values(state.dynamodb.tables)
    .filter((table) => table.tableName.startsWith('LockTable'))
    .flatMap((table) => Object.values(table.items));
}

function keysOf(state: CloudState, userName: string) {
  return Object.values(state.iam.accessKeys)
    .filter((key) => key.userName === userName)
    .map((key) => ({ id: key.accessKeyId, status: key.status }));
}

function stagesOf(state: CloudState, userName: string): Record<string, string[]> {
  const secret = state.secrets[`access-key-rotator/aws/${userName}`];
  return Object.fromEntries(
    (secret?.versions ?? []).map((version) => [
      JSON.parse(version.secretString ?? '{}').AccessKeyId as string,
      version.stages,
    ]),
  );
}

/** The executions that entered WaitGrace: their key is published and their lock held. */
function inGracePeriod(history: ExecutionHistoryStore): LocalExecutionRecord[] {
  return history
    .list()
    .filter((record) =>
      record.events.some((event) => event.type === 'StateEntered' && event.stateName === 'WaitGrace'),
    );
}

describe('concurrent akr rotate --local processes on one state dir', () => {
  const dirs: string[] = [];
  const runs: Run[] = [];
  afterEach(() => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'rotates 8 different principals at once: all succeed, each ends with one new Active key, no lock is left',
    async () => {
      // Prepare
      const principals = Array.from({ length: 8 }, (_, n) => `team-${n}`);
      const stateDir = await seeded(principals);
      dirs.push(stateDir);
      const before = readPersistedCloudState(stateDir);

      // Act
      runs.push(
        ...principals.map((principal) =>
          akr(
            stateDir,
            'rotate',
            '--local',
            '--principal',
            principal,
            '--grace',
            '0s',
            '--deletion-delay',
            '0s',
          ),
        ),
      );
      const results = await Promise.all(runs.map((run) => run.exited));

      // Assess
      const state = readPersistedCloudState(stateDir);
      for (const [n, result] of results.entries()) {
        // All eight start on an empty cache: each may synthesize and say so; nothing else goes to stderr.
        const stderr = result.stderr.replace(/^synthesizing… .*\n/m, '');
        expect([principals[n], result.code, stderr]).toEqual([principals[n], 0, '']);
        const outcome = JSON.parse(result.stdout) as LocalExecutionRecord & {
          evidence?: { newKeyId: string };
        };
        expect(outcome.status).toBe('SUCCEEDED');
        const principal = principals[n] ?? '';
        const newKeyId = outcome.evidence?.newKeyId ?? '';
        expect(keysOf(state, principal)).toEqual([{ id: newKeyId, status: 'Active' }]);
        expect(keysOf(before, principal)[0]?.id).not.toBe(newKeyId);
        expect(stagesOf(state, principal)[newKeyId]).toEqual(['AWSCURRENT']);
      }
      expect(locksHeld(state)).toEqual([]);
    },
    PROCESSES_TIMEOUT_MS,
  );

  it(
    'lets exactly one of 6 rotations of one principal through; the others are refused and change nothing',
    async () => {
      // Prepare
      const stateDir = await seeded(['kim']);
      dirs.push(stateDir);
      const [oldKey] = keysOf(readPersistedCloudState(stateDir), 'kim');

      // Act: a long grace keeps the winner's lock held until every other process has come and gone.
      const started = Array.from({ length: 6 }, (_, n) =>
        akr(
          stateDir,
          'rotate',
          '--local',
          '--principal',
          'kim',
          '--name',
          `kim-at-once-${n}`,
          '--grace',
          '1h',
        ),
      );
      runs.push(...started);
      // Until each process has either been refused or reached its grace period (a second winner would too).
      const history = new ExecutionHistoryStore(stateDir);
      while (started.filter((run) => run.child.exitCode !== null).length + inGracePeriod(history).length < 6)
        await new Promise((pause) => setTimeout(pause, 250));
      const settled = started.map((run) => (run.child.exitCode === null ? undefined : run.exited));
      const results = await Promise.all(settled);

      // Assess
      const waiting = started.filter((_, n) => results[n] === undefined);
      const refused = results.filter((result) => result !== undefined);
      expect(waiting).toHaveLength(1);
      expect(inGracePeriod(history)).toHaveLength(1);
      for (const result of refused) {
        expect(result.code).toBe(1);
        const outcome = JSON.parse(result.stdout) as LocalExecutionRecord;
        expect([outcome.status, outcome.error]).toEqual(['FAILED', 'RotationInFlightError']);
        expect(new Set(outcome.events.flatMap((event) => event.stateName ?? []))).toEqual(new Set(['Plan']));
      }
      const state = readPersistedCloudState(stateDir);
      const keys = keysOf(state, 'kim');
      // The winner's rotation, waiting in its grace period: its new key published, the old one still Active.
      expect(keys).toHaveLength(2);
      expect(keys.every((key) => key.status === 'Active')).toBe(true);
      const newKey = keys.find((key) => key.id !== oldKey?.id);
      expect(stagesOf(state, 'kim')).toEqual({
        [oldKey?.id ?? '']: ['AWSPREVIOUS'],
        [newKey?.id ?? '']: ['AWSCURRENT'],
      });
      expect(locksHeld(state)).toHaveLength(1);
    },
    PROCESSES_TIMEOUT_MS,
  );
});
