/**
 * `akr rotate --local` as a user runs it: a separate process, over a state
 * directory that an earlier command seeded. Its whole output is scanned for secrets.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPersistedCloudState, seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { cloudStateFiles, runAkr, SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { leakedSecrets } from './support/invariant-monitor.ts';

let stateDir: string;
const akr = (...args: string[]) => runAkr(stateDir, args);

function issuedSecrets(): Set<string> {
  const state = readPersistedCloudState(stateDir);
  const secrets = new Set(Object.values(state.iam.accessKeys).map((key) => key.secretAccessKey));
  for (const secret of Object.values(state.secrets)) {
    for (const version of secret.versions)
      secrets.add(JSON.parse(version.secretString ?? '{}').SecretAccessKey);
  }
  return secrets;
}

const stateFiles = () => cloudStateFiles(stateDir);

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-cli-'));
  const cloud = await startLocalCloud({ stateDir });
  seedIamUser(cloud, {
    userName: 'kim',
    tags: OPTED_IN_TAGS,
    keys: [{ ageDays: 95 }],
    managedSecret: { name: 'access-key-rotator/aws/kim', keyIndex: 0 },
  });
  await cloud.close();
});
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('akr rotate --local', { timeout: SPAWNING_TEST_TIMEOUT_MS }, () => {
  it('shows every step as it happens and ends with a summary, exit 0, no secret in the output', () => {
    // Act
    const { status, output } = akr(
      'rotate',
      '--principal',
      'kim',
      '--local',
      '--grace',
      '1s',
      '--deletion-delay',
      '1s',
    );

    // Assess
    expect(status).toBe(0);
    const steps = output.split('\n').filter((line) => /^(✓|…) /.test(line));
    expect(steps.map((line) => line.replace(/ \(.*$|:.*$/, ''))).toEqual([
      '✓ plan',
      '✓ create new key',
      '✓ verify new key',
      '✓ publish',
      '… grace period',
      '✓ check old key use',
      '✓ retire old key',
      '… deletion delay',
      '✓ delete old key',
      '✓ record evidence',
    ]);
    expect(output).toMatch(/Rotation kim-\d{4}-\d{2}-\d{2}: SUCCEEDED in/);
    expect(output).toMatch(/old key AKIA\w{16} → new key AKIA\w{16}/);
    expect(output).toContain('evidence record: ');
    expect(
      leakedSecrets([output, readFileSync(join(stateDir, 'logs', 'lambda.log'), 'utf8')], issuedSecrets()),
    ).toEqual([]);
  });

  it('prints one JSON document with --json, and refuses a repeat of the same name with a way out', () => {
    const repeat = akr('rotate', '--principal', 'kim', '--local', '--json');
    const second = akr(
      'rotate',
      '--principal',
      'kim',
      '--local',
      '--json',
      '--name',
      'kim-again',
      '--grace',
      '0s',
      '--deletion-delay',
      '0s',
    );

    expect(repeat.status).toBe(1);
    expect(JSON.parse(repeat.stdout).error).toMatchObject({
      code: 'ExecutionAlreadyExistsError',
      message: expect.stringMatching(/--name/),
    });
    expect(second.status).toBe(0);
    const document = JSON.parse(second.stdout);
    expect(document).toMatchObject({
      name: 'kim-again',
      status: 'SUCCEEDED',
      evidence: { status: 'SUCCEEDED', principal: 'kim' },
    });
    expect(leakedSecrets([repeat.output, second.output], issuedSecrets())).toEqual([]);
  });

  it('refuses bad flags with VALIDATION_ERROR naming the flag, exit 2, before touching the cloud', () => {
    const before = stateFiles();

    const results = [
      akr('rotate', '--principal', 'no spaces allowed', '--local'),
      akr('rotate', '--principal', 'kim', '--local', '--grace', 'soon'),
      akr('rotate', '--principal', 'kim', '--local', '--deletion-delay', '400d'),
      akr('rotate', '--principal', 'kim', '--local', '--name', 'has/slash'),
      akr('rotate', '--principal', 'kim', '--local', '--provider', 'gcp'),
      akr('rotate', '--principal', 'Upper_Case_SA', '--local', '--provider', 'yandex'),
      akr('rotate', '--principal', 'a'.repeat(51), '--local', '--provider', 'yandex'),
    ];

    expect(results.map((result) => result.status)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    const flags = results.map((result) => /error VALIDATION_ERROR: (--[a-z-]+)/.exec(result.output)?.[1]);
    expect(flags).toEqual([
      '--principal',
      '--grace',
      '--deletion-delay',
      '--name',
      '--provider',
      '--principal',
      '--principal',
    ]);
    expect(stateFiles()).toEqual(before);
  });
});
