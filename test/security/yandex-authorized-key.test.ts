/**
 * The Yandex authorized key (the rotator's own RSA private key) never leaves
 * the Lambda that reads it: after Yandex rotations, one clean and one failing
 * after Publish, no line of its PEM, no JWT signed with it and no IAM token
 * obtained with it appears in any execution history, evidence record, Lambda
 * log, request log, notification or event, or anywhere in the cloud's state
 * outside the one secret that holds it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPersistedCloudState } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lambdas/config/environment.ts';
import { leakedSecrets } from '../e2e/support/invariant-monitor.ts';
import { type FaultSession, openFaultSession } from '../faults/support/fault-session.ts';

let session: FaultSession;
beforeAll(async () => {
  session = await openFaultSession('yandex');
});
afterAll(() => session.close());

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

/** Everything but the secret that legitimately holds the key: the rest of the cloud's state, logs, histories. */
function everythingReadable(): string[] {
  const state = readPersistedCloudState(session.stateDir);
  const { [DEFAULT_SETTINGS.yandexAuthorizedKeySecret]: _own, ...otherSecrets } = state.secrets;
  return [
    ...filesUnder(join(session.stateDir, 'executions')),
    ...filesUnder(join(session.stateDir, 'evidence')),
    ...filesUnder(join(session.stateDir, 'logs')),
    ...session.rotator.lambdaLogs.lines,
    JSON.stringify({ ...state, secrets: otherSecrets }),
    JSON.stringify(session.cloud.requests),
    JSON.stringify(session.cloud.sns.messages()),
    JSON.stringify(session.cloud.events.list()),
  ];
}

/** The PEM body lines of the rotator's private key, read from its secret. */
function privateKeyLines(): Set<string> {
  const value = session.cloud.secrets.getSecretValue(DEFAULT_SETTINGS.yandexAuthorizedKeySecret);
  const { private_key: pem } = JSON.parse(value.secretString ?? '{}') as { private_key: string };
  return new Set(pem.split('\n').filter((line) => line.length >= 40 && !line.includes('-----')));
}

describe('the Yandex authorized key', () => {
  it('stays in its Lambda through a clean rotation and one that fails after Publish', async () => {
    const clean = await session.rotate(session.seedPrincipal());
    const failing = session.seedPrincipal();
    session.cloud.injectFault({
      service: 'yandex-operation',
      action: 'UpdateAccessKey',
      error: { code: '7', message: 'Permission denied', status: 403 },
    });
    const failed = await session.rotate(failing);
    const texts = everythingReadable();

    expect([clean.execution.status, failed.evidence?.status]).toEqual(['SUCCEEDED', 'FAILED']);
    expect(
      session.cloud.requests.filter((request) => request.action === 'CreateIamToken').length,
    ).toBeGreaterThan(1);
    const lines = privateKeyLines();
    expect(lines.size).toBeGreaterThan(10);
    expect(leakedSecrets(texts, lines)).toEqual([]);
    expect(texts.filter((text) => /PRIVATE KEY-----|\beyJ[\w-]+\.eyJ|\bt1\.[\w-]{20,}/.test(text))).toEqual(
      [],
    );
  });
});
