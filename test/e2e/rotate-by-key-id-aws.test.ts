/**
 * A leak report names a key, not a user: `akr rotate --local --access-key-id
 * … --emergency` as a user runs it (its own process), and `POST /rotations`
 * sent by curl, on a world whose account is 123456789012. Plan finds the
 * owner through IAM GetAccessKeyLastUsed; the exposed key is Inactive right
 * after Publish and deleted after the deletion delay. An unknown key is
 * refused with VALIDATION_ERROR and changes nothing; a malformed one, or
 * --emergency with --grace, is refused before anything runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readPersistedCloudState, seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccountScope } from '../../lambdas/config/account-scope.ts';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import { writeWorldSettings } from '../../local/workflow/world-settings.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';
import { cloudStateFiles, runAkr, SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { leakedSecrets } from './support/invariant-monitor.ts';
import { serveLocalRotationEndpoint } from './support/local-rotation-endpoint.ts';

const ACCOUNT = '123456789012';
const UNKNOWN_KEY = 'AKIAUNKNOWN000000001';
const run = promisify(execFile);
let stateDir: string;
const keyOf: Record<string, string> = {};
const savedEndpoint = process.env.AWS_ENDPOINT_URL;
const akr = (...args: string[]) => runAkr(stateDir, args);
const today = () => new Date().toISOString().slice(0, 10);

function keysOf(userName: string): { id: string; status: string }[] {
  return Object.values(readPersistedCloudState(stateDir).iam.accessKeys)
    .filter((key) => key.userName === userName)
    .map((key) => ({ id: key.accessKeyId, status: key.status }));
}

function currentKeyOf(userName: string): string | undefined {
  const secret = readPersistedCloudState(stateDir).secrets[`access-key-rotator/aws/${userName}`];
  const current = secret?.versions.find((version) => version.stages.includes('AWSCURRENT'));
  return JSON.parse(current?.secretString ?? '{}').AccessKeyId;
}

/** The users' keys and the secrets' versions: what a refused rotation must leave as it was. */
function keysAndSecrets(): string {
  const state = readPersistedCloudState(stateDir);
  const versions = Object.values(state.secrets).map((secret) =>
    secret.versions.map((version) => [version.versionId, [...version.stages].sort()]),
  );
  return JSON.stringify([state.iam.accessKeys, versions]);
}

function issuedSecrets(): Set<string> {
  const state = readPersistedCloudState(stateDir);
  const secrets = new Set(Object.values(state.iam.accessKeys).map((key) => key.secretAccessKey));
  for (const secret of Object.values(state.secrets))
    for (const version of secret.versions)
      secrets.add(JSON.parse(version.secretString ?? '{}').SecretAccessKey);
  return secrets;
}

function curlPost(url: string, body: unknown) {
  return run('curl', [
    '-sS',
    '-X',
    'POST',
    '-H',
    'content-type: application/json',
    '-d',
    JSON.stringify(body),
    '-w',
    '\n%{http_code}',
    `${url}/rotations`,
  ]).then(({ stdout }) => {
    const lines = stdout.trimEnd().split('\n');
    return { status: Number(lines.pop()), json: JSON.parse(lines.join('\n')) as Record<string, unknown> };
  });
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-key-id-'));
  delete process.env.AWS_ENDPOINT_URL;
  const cloud = await startLocalCloud({ stateDir, accountId: ACCOUNT });
  for (const userName of ['kim', 'lee', 'ray']) {
    const { keyIds } = seedIamUser(cloud, {
      userName,
      tags: OPTED_IN_TAGS,
      keys: [{ ageDays: 95 }],
      managedSecret: { name: `access-key-rotator/aws/${userName}`, keyIndex: 0 },
    });
    keyOf[userName] = keyIds[0] ?? '';
  }
  await cloud.close();
  // The endpoint starts with the deployment's deletion delay: none here, so its runs end at once.
  writeWorldSettings(stateDir, { 'akr:deletionDelayDays': 0 });
});
afterAll(() => {
  if (savedEndpoint !== undefined) process.env.AWS_ENDPOINT_URL = savedEndpoint;
  rmSync(stateDir, { recursive: true, force: true });
});

describe('akr rotate --local --access-key-id --emergency, account 123456789012', {
  timeout: SPAWNING_TEST_TIMEOUT_MS,
}, () => {
  it("rotates the key's owner, deactivating the exposed key right after Publish, exit 0", () => {
    // Act
    const rotated = akr('rotate', '--local', '--access-key-id', String(keyOf.kim), '--emergency', '--json');

    // Assess
    expect(rotated.status, rotated.output).toBe(0);
    const document = JSON.parse(rotated.stdout);
    expect(document).toMatchObject({
      name: `${keyOf.kim}-${today()}`,
      status: 'SUCCEEDED',
      evidence: { principal: 'kim', oldKeyId: keyOf.kim, emergency: true, revocation: 'DEACTIVATED' },
    });
    expect(document.stateMachineArn).toMatch(new RegExp(`^arn:aws:states:[\\w-]+:${ACCOUNT}:`));
    const entered = (document.events as { type: string; stateName?: string }[])
      .filter((event) => event.type === 'StateEntered')
      .map((event) => event.stateName);
    expect(entered.indexOf(N.retireOldKey)).toBeGreaterThan(entered.indexOf(N.publish));
    expect(entered.indexOf(N.deleteOldKey)).toBeGreaterThan(entered.indexOf(N.retireOldKey));
    const newKeyId = document.evidence.newKeyId as string;
    expect(keysOf('kim')).toEqual([{ id: newKeyId, status: 'Active' }]);
    expect(currentKeyOf('kim')).toBe(newKeyId);
    expect(keysOf('ray')).toEqual([{ id: keyOf.ray, status: 'Active' }]);
    expect(
      leakedSecrets(
        [rotated.output, readFileSync(join(stateDir, 'logs', 'lambda.log'), 'utf8')],
        issuedSecrets(),
      ),
    ).toEqual([]);
  });

  it('refuses a key id that is nobody’s with VALIDATION_ERROR naming accessKeyId, changing no key or secret', () => {
    // Prepare
    const before = keysAndSecrets();

    // Act
    const refused = akr('rotate', '--local', '--access-key-id', UNKNOWN_KEY, '--emergency');

    // Assess
    expect(refused.status, refused.output).not.toBe(0);
    expect(refused.output).toMatch(/ValidationError|VALIDATION_ERROR/);
    expect(refused.output).toContain('accessKeyId');
    expect(refused.output).toContain(UNKNOWN_KEY);
    expect(keysAndSecrets()).toBe(before);
  });

  it('refuses a malformed key id and --emergency with --grace before anything runs, exit 2', () => {
    // Prepare
    const before = cloudStateFiles(stateDir);

    // Act
    const malformed = akr('rotate', '--local', '--access-key-id', 'AKIA-not-a-key', '--emergency');
    const withGrace = akr(
      'rotate',
      '--local',
      '--access-key-id',
      String(keyOf.ray),
      '--emergency',
      '--grace',
      '1s',
    );

    // Assess
    expect([malformed.status, withGrace.status]).toEqual([2, 2]);
    expect(malformed.output).toContain('VALIDATION_ERROR: --access-key-id: ');
    expect(withGrace.output).toContain('VALIDATION_ERROR: --grace: cannot be set with --emergency');
    expect(cloudStateFiles(stateDir)).toEqual(before);
    expect(keysOf('ray')).toEqual([{ id: keyOf.ray, status: 'Active' }]);
  });
});

describe('POST /rotations by key id, sent by curl', { timeout: SPAWNING_TEST_TIMEOUT_MS }, () => {
  it('answers 202 named <key id>-<minute> and rotates the owner; bad fields are 400 and start nothing', async () => {
    // Prepare
    const rotator = await openLocalRotator(stateDir);
    const settings = { ...TEST_SETTINGS, accounts: { hubAccountId: ACCOUNT, scope: readAccountScope({}) } };
    const endpoint = await serveLocalRotationEndpoint(rotator, settings);

    try {
      // Act
      const started = await curlPost(endpoint.url, {
        provider: 'aws',
        accessKeyId: keyOf.lee,
        emergency: true,
      });
      const malformed = await curlPost(endpoint.url, { provider: 'aws', accessKeyId: 'AKIA/nope' });
      const notBoolean = await curlPost(endpoint.url, {
        provider: 'aws',
        accessKeyId: keyOf.ray,
        emergency: 'yes',
      });
      const [result] = await Promise.all(endpoint.runs);

      // Assess
      expect(started.status).toBe(202);
      expect((started.json.data as { id: string }).id).toMatch(
        new RegExp(`^${keyOf.lee}-\\d{4}-\\d{2}-\\d{2}T\\d{4}$`),
      );
      expect(endpoint.starts.map((start) => start.input)).toEqual([
        { accessKeyId: keyOf.lee, emergency: true },
      ]);
      expect([malformed.status, notBoolean.status]).toEqual([400, 400]);
      expect((malformed.json.error as { message: string }).message).toMatch(/^accessKeyId: /);
      expect((notBoolean.json.error as { message: string }).message).toMatch(/^emergency: /);
      expect(result?.execution.status).toBe('SUCCEEDED');
      expect(result?.evidence).toMatchObject({ principal: 'lee', oldKeyId: keyOf.lee, emergency: true });
      const newKeyId = String(result?.evidence?.newKeyId);
      expect(keysOf('lee')).toEqual([{ id: newKeyId, status: 'Active' }]);
      expect(currentKeyOf('lee')).toBe(newKeyId);
      expect(keysOf('ray')).toEqual([{ id: keyOf.ray, status: 'Active' }]);
    } finally {
      await endpoint.close();
      await rotator.close();
    }
  });
});
