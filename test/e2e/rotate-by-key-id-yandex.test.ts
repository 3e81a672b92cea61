/**
 * A leaked Yandex static key named by id: `akr rotate --local --provider
 * yandex --access-key-id YC… --emergency` as a user runs it, the owner found
 * among the deployment's service accounts (akr:yandexServiceAccounts); and
 * `POST /rotations` sent by curl with the key's resource id (aje…), whose
 * owner the API names. Static keys cannot be deactivated, so the exposed key
 * is deleted right after Publish. An unknown key is refused and changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  readPersistedCloudState,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lambdas/config/environment.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import { writeWorldSettings } from '../../local/workflow/world-settings.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';
import { runAkr, SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { serveLocalRotationEndpoint } from './support/local-rotation-endpoint.ts';

/** Listed in akr:yandexServiceAccounts: its YC key id is searched for there. */
const KNOWN = 'ajeleakedaccount0001';
/** Not listed: only its key's resource id leads to it. */
const UNLISTED = 'ajeunlistedaccount01';
const run = promisify(execFile);
let stateDir: string;
let knownKey: string;
let unlistedKey: string;
let unlistedResourceId: string;
const savedEndpoint = process.env.AWS_ENDPOINT_URL;
/** `akr <command> --provider yandex …`: the provider is the command's option, not the program's. */
const akr = (command: string, ...args: string[]) =>
  runAkr(stateDir, [command, '--provider', 'yandex', ...args]);

function keysOf(serviceAccountId: string): string[] {
  return Object.values(readPersistedCloudState(stateDir).yandex.accessKeys)
    .filter((key) => key.serviceAccountId === serviceAccountId)
    .map((key) => key.keyId);
}

function currentKeyOf(serviceAccountId: string): string | undefined {
  const secret = readPersistedCloudState(stateDir).secrets[`access-key-rotator/yandex/${serviceAccountId}`];
  const current = secret?.versions.find((version) => version.stages.includes('AWSCURRENT'));
  return JSON.parse(current?.secretString ?? '{}').AccessKeyId;
}

function entered(events: readonly { type: string; stateName?: string }[]): (string | undefined)[] {
  return events.filter((event) => event.type === 'StateEntered').map((event) => event.stateName);
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-yc-key-id-'));
  delete process.env.AWS_ENDPOINT_URL;
  const cloud = await startLocalCloud({ stateDir });
  seedYandexRotatorIdentity(cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  const seed = (serviceAccountId: string) =>
    seedYandexServiceAccount(cloud, {
      serviceAccountId,
      keys: [{ ageDays: 120 }],
      managedSecret: { name: `access-key-rotator/yandex/${serviceAccountId}`, keyIndex: 0 },
    }).keyIds[0] ?? '';
  knownKey = seed(KNOWN);
  unlistedKey = seed(UNLISTED);
  unlistedResourceId = cloud.yandex.findAccessKeyByKeyId(unlistedKey)?.id ?? '';
  await cloud.close();
  writeWorldSettings(stateDir, { 'akr:yandexServiceAccounts': KNOWN, 'akr:deletionDelayDays': 0 });
});
afterAll(() => {
  if (savedEndpoint !== undefined) process.env.AWS_ENDPOINT_URL = savedEndpoint;
  rmSync(stateDir, { recursive: true, force: true });
});

describe('akr rotate --local --provider yandex --access-key-id YC… --emergency', {
  timeout: SPAWNING_TEST_TIMEOUT_MS,
}, () => {
  it('refuses a YC key id of no known account with VALIDATION_ERROR, changing no key', () => {
    // Prepare
    const before = [keysOf(KNOWN), keysOf(UNLISTED), currentKeyOf(UNLISTED)];

    // Act: the unlisted account's key is real, but not one the deployment knows by its YC id.
    const refused = akr('rotate', '--local', '--access-key-id', unlistedKey, '--emergency');

    // Assess
    expect(refused.status, refused.output).not.toBe(0);
    expect(refused.output).toMatch(/ValidationError|VALIDATION_ERROR/);
    expect(refused.output).toContain('accessKeyId');
    expect([keysOf(KNOWN), keysOf(UNLISTED), currentKeyOf(UNLISTED)]).toEqual(before);
  });

  it('rotates the owner and deletes the exposed key right after Publish, never retiring it', () => {
    // Act
    const rotated = akr('rotate', '--local', '--access-key-id', knownKey, '--emergency', '--json');

    // Assess
    expect(rotated.status, rotated.output).toBe(0);
    const document = JSON.parse(rotated.stdout);
    expect(document).toMatchObject({
      status: 'SUCCEEDED',
      evidence: { principal: KNOWN, oldKeyId: knownKey, emergency: true, revocation: 'DELETED' },
    });
    const states = entered(document.events);
    expect(states).not.toContain(N.retireOldKey);
    expect(states.indexOf(N.deleteOldKey)).toBeGreaterThan(states.indexOf(N.publish));
    const newKeyId = String(document.evidence.newKeyId);
    expect(keysOf(KNOWN)).toEqual([newKeyId]);
    expect(currentKeyOf(KNOWN)).toBe(newKeyId);
  });
});

describe('POST /rotations with a Yandex resource id, sent by curl', {
  timeout: SPAWNING_TEST_TIMEOUT_MS,
}, () => {
  it("answers 202 and rotates the key's service account, which the API names", async () => {
    // Prepare
    const rotator = await openLocalRotator(stateDir, { provider: 'yandex' });
    const endpoint = await serveLocalRotationEndpoint(rotator, { ...TEST_SETTINGS, provider: 'yandex' });
    const body = JSON.stringify({ provider: 'yandex', accessKeyId: unlistedResourceId, emergency: true });

    try {
      // Act
      const { stdout } = await run('curl', [
        '-sS',
        '-X',
        'POST',
        '-H',
        'content-type: application/json',
        '-d',
        body,
        '-w',
        '\n%{http_code}',
        `${endpoint.url}/rotations`,
      ]);
      const [result] = await Promise.all(endpoint.runs);

      // Assess
      const lines = stdout.trimEnd().split('\n');
      expect(lines.pop()).toBe('202');
      expect(JSON.parse(lines.join('\n')).data.id).toMatch(new RegExp(`^${unlistedResourceId}-`));
      expect(result?.execution.status).toBe('SUCCEEDED');
      expect(result?.evidence).toMatchObject({ principal: UNLISTED, oldKeyId: unlistedKey, emergency: true });
      const newKeyId = String(result?.evidence?.newKeyId);
      expect(keysOf(UNLISTED)).toEqual([newKeyId]);
      expect(currentKeyOf(UNLISTED)).toBe(newKeyId);
    } finally {
      await endpoint.close();
      await rotator.close();
    }
  });
});
