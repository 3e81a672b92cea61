/**
 * The automatic leak response end to end, on a world whose account is
 * 123456789012: the documented AWS Health exposed-key event (the fixture,
 * its account set to the world's and its entity to a real key) is given to
 * the synthesized leak-response function in the local Lambda container, as
 * its EventBridge rule would. Its real Step Functions client starts the
 * emergency rotation on the local runner, which rotates the key's owner:
 * the new key is published and the exposed key is Inactive at once, waiting
 * out the deletion delay (rollback can still re-activate it). A redelivered
 * event starts nothing more. A key that is not ours is refused by Plan, and
 * nothing changes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalCloud, seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { type LocalRotator, openLocalRotator } from '../../local/local-rotation.ts';
import { exposureEvent } from '../leak/exposure-fixture.ts';
import { leakedSecrets } from './support/invariant-monitor.ts';
import {
  causeMessage,
  reached,
  type StartedRotationWatch,
  watchStartedRotations,
} from './support/started-rotation-watch.ts';

const ACCOUNT = '123456789012';
const SECRET = 'access-key-rotator/aws/kim';
const UNKNOWN_KEY = 'AKIAUNKNOWN000000001';
const TIME = '2026-12-02T13:40:07Z';
const savedEndpoint = process.env.AWS_ENDPOINT_URL;
let stateDir: string;
let rotator: LocalRotator;
let cloud: LocalCloud;
let watch: StartedRotationWatch;
let exposedKey: string;

const keysOf = (userName: string) =>
  cloud.iam.listAccessKeys(userName).map((key) => ({ id: key.accessKeyId, status: key.status }));
const currentKey = () =>
  (JSON.parse(String(cloud.secrets.getSecretValue(SECRET).secretString)) as { AccessKeyId: string })
    .AccessKeyId;

function issuedSecrets(): Set<string> {
  return new Set(
    cloud.iam
      .listAccessKeys('kim')
      .map((key) => key.secretAccessKey)
      .filter(Boolean),
  );
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-leak-'));
  delete process.env.AWS_ENDPOINT_URL;
  const seeding = await startLocalCloud({ stateDir, accountId: ACCOUNT });
  [exposedKey = ''] = seedIamUser(seeding, {
    userName: 'kim',
    tags: OPTED_IN_TAGS,
    keys: [{ ageDays: 20 }],
    managedSecret: { name: SECRET, keyIndex: 0 },
  }).keyIds;
  await seeding.close();
  watch = watchStartedRotations();
  // The deployment's own deletion delay (7 days): the rotation waits in it, the exposed key Inactive.
  rotator = await openLocalRotator(stateDir, { provider: 'aws', startedRotations: watch.options });
  if (!rotator.aws.cloud) throw new Error('this test needs the embedded local cloud');
  cloud = rotator.aws.cloud;
}, 120_000);
afterAll(async () => {
  watch.interruptAll();
  await Promise.allSettled(rotator.startedRotations.values());
  await rotator.close();
  if (savedEndpoint !== undefined) process.env.AWS_ENDPOINT_URL = savedEndpoint;
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the AWS Health exposed-key event, account 123456789012', { timeout: 120_000 }, () => {
  const name = () => `${exposedKey}-2026-12-02T1340`;

  it('starts the emergency rotation of the exposed key, which is Inactive right after Publish', async () => {
    // Prepare
    const event = exposureEvent({ account: ACCOUNT, keyIds: [exposedKey], time: TIME });

    // Act
    const result = await rotator.invokeTrigger('leak-response', event);
    await reached(rotator, watch, name(), N.waitDeletion);

    // Assess
    expect(result).toEqual({ started: [name()], alreadyStarted: [], ignored: [] });
    expect(rotator.history.get(name())?.input).toEqual({
      accessKeyId: exposedKey,
      emergency: true,
      exposureReportedAt: '2026-12-02T13:40:07.000Z',
    });
    const keys = keysOf('kim');
    expect(keys).toHaveLength(2);
    expect(keys.find((key) => key.id === exposedKey)?.status).toBe('Inactive');
    const newKey = keys.find((key) => key.id !== exposedKey);
    expect(newKey?.status).toBe('Active');
    expect(currentKey()).toBe(newKey?.id);
    // No grace period and no last-used check: the old key is retired as an emergency.
    const checked = rotator.history
      .get(name())
      ?.events.find((e) => e.type === 'StateExited' && e.stateName === N.checkOldKeyUse);
    expect(checked?.output).toMatchObject({ usage: { decision: 'RETIRE', policy: 'EMERGENCY' } });
  });

  it('starts nothing more when EventBridge delivers the same event again', async () => {
    // Prepare
    const event = exposureEvent({ account: ACCOUNT, keyIds: [exposedKey], time: TIME });

    // Act
    const result = (await rotator.invokeTrigger('leak-response', event)) as { started: string[] };

    // Assess: Step Functions answers a same-name, same-input start with the running execution.
    expect([...rotator.startedRotations.keys()]).toEqual([name()]);
    expect(result.started).toEqual([name()]);
    expect(keysOf('kim')).toHaveLength(2);
  });

  it('lets Plan refuse a key that is not ours, naming accessKeyId, with nothing changed', async () => {
    // Prepare
    const before = JSON.stringify([keysOf('kim'), currentKey()]);
    const event = exposureEvent({ account: ACCOUNT, keyIds: [UNKNOWN_KEY], time: '2026-12-02T13:52:00Z' });

    // Act
    await rotator.invokeTrigger('leak-response', event);
    const refused = await rotator.startedRotations.get(`${UNKNOWN_KEY}-2026-12-02T1352`);

    // Assess
    expect(refused?.execution.status).toBe('FAILED');
    expect(refused?.execution.error).toBe('ValidationError');
    expect(causeMessage(refused?.execution.cause)).toMatch(/^accessKeyId: /);
    expect(JSON.stringify([keysOf('kim'), currentKey()])).toBe(before);
  });

  it('takes the same event delivered after its rotation ended as already started', async () => {
    // Prepare: the refused rotation above has ended, so Step Functions answers ExecutionAlreadyExists.
    const event = exposureEvent({ account: ACCOUNT, keyIds: [UNKNOWN_KEY], time: '2026-12-02T13:52:00Z' });

    // Act
    const result = await rotator.invokeTrigger('leak-response', event);

    // Assess
    expect(result).toEqual({ started: [], alreadyStarted: [`${UNKNOWN_KEY}-2026-12-02T1352`], ignored: [] });
  });

  it('keeps every secret out of the Lambda logs and the execution history', () => {
    const texts = [
      readFileSync(join(stateDir, 'logs', 'lambda.log'), 'utf8'),
      JSON.stringify(rotator.history.get(name())),
    ];
    expect(texts[0]).toContain('LeakResponse started');
    expect(leakedSecrets(texts, issuedSecrets())).toEqual([]);
  });
});
