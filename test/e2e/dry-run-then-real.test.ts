/**
 * A dry run changes nothing, not even the day's execution name: `akr rotate`
 * and `akr fleet` run as a user runs them (separate processes over one state
 * directory), a dry run first, then the real run the same day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPersistedCloudState, seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { cloudStateFiles, runAkr, SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';

const DRY_RUN_NAME = /^dryrun-[\w.@=-]+-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
const FAST = ['--grace', '0s', '--deletion-delay', '0s'];
let stateDir: string;

const akr = (...args: string[]) => runAkr(stateDir, args, 180_000);

function akrJson(...args: string[]) {
  const run = akr(...args, '--json');
  return { status: run.status, document: JSON.parse(run.stdout) };
}

/** The principal's access key ids and their status, as the cloud holds them. */
function keysOf(userName: string): Record<string, string> {
  const state = readPersistedCloudState(stateDir);
  return Object.fromEntries(
    Object.values(state.iam.accessKeys)
      .filter((key) => key.userName === userName)
      .map((key) => [key.accessKeyId, key.status]),
  );
}

const stateFiles = () => cloudStateFiles(stateDir);

const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-dry-run-'));
  const cloud = await startLocalCloud({ stateDir });
  for (const [userName, ageDays] of [
    ['dr-alice', 95],
    ['dr-bob', 120],
    ['dr-carol', 100],
  ] as const) {
    seedIamUser(cloud, {
      userName,
      tags: OPTED_IN_TAGS,
      keys: [{ ageDays }],
      managedSecret: { name: `access-key-rotator/aws/${userName}`, keyIndex: 0 },
    });
  }
  await cloud.close();
});
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('akr rotate --dry-run, then the real rotation the same day', {
  timeout: SPAWNING_TEST_TIMEOUT_MS,
}, () => {
  it(
    'names each dry run dryrun-<principal>-<time>, changes no key, and the real run still takes the day',
    () => {
      // Prepare
      const keysBefore = keysOf('dr-alice');

      // Act
      const dryRun = akrJson('rotate', '--principal', 'dr-alice', '--local', '--dry-run');
      const dryRunAgain = akrJson('rotate', '--principal', 'dr-alice', '--local', '--dry-run');
      const keysAfterDryRuns = keysOf('dr-alice');
      const real = akrJson('rotate', '--principal', 'dr-alice', '--local', ...FAST);

      // Assess
      expect([dryRun.status, dryRunAgain.status]).toEqual([0, 0]);
      expect(dryRun.document.name).toMatch(DRY_RUN_NAME);
      expect(dryRun.document.name.startsWith('dryrun-dr-alice-')).toBe(true);
      expect(dryRunAgain.document.name).not.toBe(dryRun.document.name);
      expect(dryRun.document.evidence).toBeUndefined();
      expect(keysAfterDryRuns).toEqual(keysBefore);

      expect(real.status).toBe(0);
      expect(real.document).toMatchObject({
        name: `dr-alice-${today()}`,
        status: 'SUCCEEDED',
        evidence: { status: 'SUCCEEDED', principal: 'dr-alice', oldKeyId: Object.keys(keysBefore)[0] },
      });
      expect(Object.keys(keysOf('dr-alice'))).toEqual([real.document.evidence.newKeyId]);
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});

describe('akr fleet --dry-run, then the real fleet run the same day', {
  timeout: SPAWNING_TEST_TIMEOUT_MS,
}, () => {
  it(
    'starts no rotation in the dry run, and the real run rotates every due principal',
    () => {
      // Prepare: a principal's own dry run the same day must not block its child rotation either.
      const bobDryRun = akrJson('rotate', '--principal', 'dr-bob', '--local', '--dry-run');
      const keysBefore = { bob: keysOf('dr-bob'), carol: keysOf('dr-carol') };

      // Act
      const dryRun = akrJson('fleet', '--local', '--dry-run', ...FAST);
      const keysAfterDryRun = { bob: keysOf('dr-bob'), carol: keysOf('dr-carol') };
      const real = akrJson('fleet', '--local', ...FAST);

      // Assess: the real run rotated both due principals, bob's own dry run did not hold his name.
      expect(real.status).toBe(0);
      const summary = real.document.output;
      expect(summary.alreadyStarted).toEqual([]);
      expect(summary.failed).toEqual([]);
      expect(summary.rotated.map((r: { principal: string }) => r.principal).sort()).toEqual([
        'dr-bob',
        'dr-carol',
      ]);
      for (const rotated of summary.rotated as { principal: string; executionArn: string }[])
        expect(rotated.executionArn.endsWith(`:${rotated.principal}-${today()}`)).toBe(true);
      for (const [principal, before] of [
        ['dr-bob', keysBefore.bob],
        ['dr-carol', keysBefore.carol],
      ] as const) {
        const after = Object.keys(keysOf(principal));
        expect(after).toHaveLength(1);
        expect(after).not.toEqual(Object.keys(before));
      }
      expect(real.document.name).toMatch(/^fleet-aws-/);

      // ...and the dry runs changed nothing and took dry-run names.
      expect([bobDryRun.status, dryRun.status]).toEqual([0, 0]);
      expect(keysAfterDryRun).toEqual(keysBefore);
      expect(dryRun.document.output).toMatchObject({ dryRun: true });
      expect(
        dryRun.document.output.dueDetails.map((due: { principal: string }) => due.principal).sort(),
      ).toEqual(['dr-bob', 'dr-carol']);
      expect(dryRun.document.name).toMatch(/^dryrun-fleet-aws-/);
      expect(dryRun.document.name).toMatch(DRY_RUN_NAME);
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});

describe('--name keeps dry runs and real runs apart', { timeout: SPAWNING_TEST_TIMEOUT_MS }, () => {
  it(
    'refuses --name on a dry run and a real name that starts with dryrun-, exit 2, nothing changed',
    () => {
      const before = stateFiles();

      const results = [
        akr('rotate', '--principal', 'dr-alice', '--local', '--dry-run', '--name', 'dr-alice-check'),
        akr('rotate', '--principal', 'dr-alice', '--local', ...FAST, '--name', `dryrun-dr-alice-${today()}`),
        akr('fleet', '--local', '--dry-run', '--name', 'fleet-check'),
        akr('fleet', '--local', ...FAST, '--name', 'dryrun-fleet-aws-mine'),
      ];

      expect(results.map((result) => result.status)).toEqual([2, 2, 2, 2]);
      for (const { output } of results) expect(output).toMatch(/VALIDATION_ERROR: --name: .*dry run/);
      expect(stateFiles()).toEqual(before);
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});
