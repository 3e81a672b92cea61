/**
 * The user's Yandex endpoint wins in `--local` mode: with `YC_ENDPOINT_URL`
 * set and `AWS_ENDPOINT_URL` unset, the embedded cloud serves the AWS side
 * but every Yandex call goes where the user said. The user's endpoint here is
 * a second local cloud, in this process over the same state (so it knows the
 * keys), which records every call it serves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LocalCloud,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lambdas/config/environment.ts';
import { SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';
import { quickLocalRotation, runAkrAsync } from './support/akr-spawn.ts';

const SERVICE_ACCOUNT = 'ajeuserendpoint00001';
let stateDir: string;
let userYandex: LocalCloud;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-yc-endpoint-'));
  userYandex = await startLocalCloud({ stateDir });
  seedYandexRotatorIdentity(userYandex, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  seedYandexServiceAccount(userYandex, {
    serviceAccountId: SERVICE_ACCOUNT,
    keys: [{ ageDays: 120 }],
    managedSecret: { name: `access-key-rotator/yandex/${SERVICE_ACCOUNT}`, keyIndex: 0 },
  });
});
afterAll(async () => {
  await userYandex.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('akr rotate --provider yandex --local with YC_ENDPOINT_URL set', () => {
  it('sends every Yandex call to the user’s endpoint, not the embedded cloud', {
    timeout: SPAWNING_TEST_TIMEOUT_MS,
  }, async () => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...process.env, YC_ENDPOINT_URL: userYandex.endpoint };
    delete env.AWS_ENDPOINT_URL;
    const before = userYandex.requests.length;

    // Act
    const run = await runAkrAsync(
      quickLocalRotation(SERVICE_ACCOUNT, '--provider', 'yandex', '--state-dir', stateDir),
      env,
      SPAWNING_TEST_TIMEOUT_MS - 30_000,
    );

    // Assess
    expect(run.status, run.output).toBe(0);
    const served = userYandex.requests.slice(before);
    const yandexCalls = served.filter((request) => request.service.startsWith('yandex-'));
    const calls = yandexCalls.map((request) => `${request.service} ${request.action}`);
    expect(new Set(yandexCalls.map((request) => request.service))).toEqual(
      new Set(['yandex-iam', 'yandex-operation', 'yandex-storage']),
    );
    expect(calls).toEqual(expect.arrayContaining([expect.stringMatching(/^yandex-iam /)]));
    // The AWS side stays on the embedded cloud the command started.
    expect(served.filter((request) => !request.service.startsWith('yandex-'))).toEqual([]);
  });
});
