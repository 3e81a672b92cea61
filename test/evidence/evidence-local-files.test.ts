/**
 * `akr evidence --local` reads the state dir and never writes it: `--out`
 * inside the state dir is refused, and the embedded cloud it starts to read
 * the key inventory serves the state read-only (even a Yandex token exchange,
 * which writes, stays in memory).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  LEGACY_SNAPSHOT_FILE_NAME,
  readPersistedCloudState,
  STATE_DATABASE_FILE_NAME,
  seedIamUser,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterEach, describe, expect, it } from 'vitest';
import { committedChanges } from '../../packages/local-cloud/test/local-cloud-fixture.ts';
import { iamToken, seedIdentity } from '../../packages/local-cloud/test/yandex-fixture.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

function akrEvidence(stateDir: string, ...args: string[]) {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  delete env.YC_ENDPOINT_URL;
  const run = spawnSync(
    process.execPath,
    ['bin/akr.ts', 'evidence', '--local', '--state-dir', stateDir, ...args],
    {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('akr evidence and the state dir it reads', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'akr-evidence-files-'));
    dirs.push(dir);
    return dir;
  };

  it('refuses --out inside the state dir with VALIDATION_ERROR naming --out, exit 2, the state untouched', async () => {
    // Prepare
    const stateDir = tempDir();
    const cloud = await startLocalCloud({ stateDir });
    seedIamUser(cloud, { userName: 'kim', keys: [{ ageDays: 10 }] });
    await cloud.close();
    const database = join(stateDir, STATE_DATABASE_FILE_NAME);
    const before = readFileSync(database);

    // Act
    const overDatabase = akrEvidence(stateDir, '--out', database);
    const intoEvidence = akrEvidence(stateDir, '--out', join(stateDir, 'evidence', 'report.md'));
    const viaParent = akrEvidence(
      stateDir,
      '--out',
      join(stateDir, '..', stateDir.split('/').at(-1) ?? '', 'r.md'),
    );

    // Assess
    for (const run of [overDatabase, intoEvidence, viaParent]) {
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/VALIDATION_ERROR: --out: .*inside the state dir/);
    }
    expect(readFileSync(database).equals(before)).toBe(true);
    expect(existsSync(join(stateDir, 'evidence'))).toBe(false);
  });

  it('reads a state dir of an older version without importing or removing its files', () => {
    // Prepare
    const stateDir = tempDir();
    const legacy = `${JSON.stringify({ formatVersion: 1, iam: { users: {}, accessKeys: {} }, secrets: {}, dynamodb: { tables: {} } })}\n`;
    writeFileSync(join(stateDir, LEGACY_SNAPSHOT_FILE_NAME), legacy);
    const out = join(tempDir(), 'report.json');

    // Act
    const run = akrEvidence(stateDir, '--format', 'json', '--out', out);

    // Assess
    expect([run.status, run.stderr]).toEqual([0, expect.stringMatching(/Evidence \(json\) written to/)]);
    expect(readFileSync(join(stateDir, LEGACY_SNAPSHOT_FILE_NAME), 'utf8')).toBe(legacy);
    expect(existsSync(join(stateDir, STATE_DATABASE_FILE_NAME))).toBe(false);
  });

  it('a read-only local cloud serves writes from memory and never commits them', async () => {
    // Prepare
    const stateDir = tempDir();
    const writable = await startLocalCloud({ stateDir });
    const identity = seedIdentity(writable);
    await writable.close();
    const changes = committedChanges(stateDir);
    const state = JSON.stringify(readPersistedCloudState(stateDir));

    // Act
    const readOnly = await startLocalCloud({ stateDir, readOnly: true });
    const token = await iamToken(readOnly, identity);
    readOnly.iam.createUser({ userName: 'in-memory-only' });
    const served = readOnly.iam.findUser('in-memory-only');
    await readOnly.close();

    // Assess
    expect(token).toMatch(/^t1\./);
    expect(served?.userName).toBe('in-memory-only');
    expect(committedChanges(stateDir)).toBe(changes);
    expect(JSON.stringify(readPersistedCloudState(stateDir))).toBe(state);
  });
});
