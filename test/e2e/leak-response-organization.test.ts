/**
 * The leak response over an organization (hub 123456789012, member
 * 111111111111 with the synthesized member role): the Health event's
 * `account` selects the member account. The member's exposed key is rotated
 * there, through the member role (Inactive at once, its new key published in
 * the hub's secret of `111111111111/rita`); the same key reported as the
 * hub's is not found there, and nothing changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LocalCloud,
  seedIamUser,
  seedOrganization,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_FROM_ORGANIZATION } from '../../lambdas/config/account-scope.ts';
import { OPTED_IN_TAGS, secretName } from '../../lambdas/config/environment.ts';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { type LocalRotator, openLocalRotator } from '../../local/local-rotation.ts';
import { deployMemberRole } from '../../local/member-role.ts';
import { writeWorldSettings } from '../../local/workflow/world-settings.ts';
import { exposureEvent } from '../leak/exposure-fixture.ts';
import {
  causeMessage,
  reached,
  type StartedRotationWatch,
  watchStartedRotations,
} from './support/started-rotation-watch.ts';

const HUB = '123456789012';
const MEMBER = '111111111111';
const PRINCIPAL = `${MEMBER}/rita`;
const SECRET = secretName('access-key-rotator', 'aws', PRINCIPAL);
const savedEndpoint = process.env.AWS_ENDPOINT_URL;
let stateDir: string;
let rotator: LocalRotator;
let cloud: LocalCloud;
let watch: StartedRotationWatch;
let exposedKey: string;

const memberKeys = () =>
  cloud
    .account(MEMBER)
    .iam.listAccessKeys('rita')
    .map((key) => ({ id: key.accessKeyId, status: key.status }));
const currentKey = () =>
  (
    JSON.parse(String(cloud.account(HUB).secrets.getSecretValue(SECRET).secretString)) as {
      AccessKeyId: string;
    }
  ).AccessKeyId;

beforeAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  stateDir = mkdtempSync(join(tmpdir(), 'akr-leak-organization-'));
  writeWorldSettings(stateDir, { 'akr:accounts': ACCOUNTS_FROM_ORGANIZATION });
  // The state keeps the account it was made for: every later cloud on it serves the hub HUB.
  await (await startLocalCloud({ stateDir, accountId: HUB })).close();
  watch = watchStartedRotations();
  rotator = await openLocalRotator(stateDir, { provider: 'aws', startedRotations: watch.options });
  if (!rotator.aws.cloud) throw new Error('this test needs the embedded local cloud');
  cloud = rotator.aws.cloud;
  seedOrganization(cloud, { accounts: [{ id: MEMBER }] });
  await deployMemberRole(cloud, stateDir, MEMBER);
  [exposedKey = ''] = seedIamUser(
    cloud,
    {
      userName: 'rita',
      keys: [{ ageDays: 20 }],
      managedSecret: { name: SECRET, keyIndex: 0 },
      tags: OPTED_IN_TAGS,
    },
    { account: MEMBER },
  ).keyIds;
}, 120_000);
afterAll(async () => {
  watch.interruptAll();
  await Promise.allSettled(rotator.startedRotations.values());
  await rotator.close();
  if (savedEndpoint !== undefined) process.env.AWS_ENDPOINT_URL = savedEndpoint;
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the AWS Health exposed-key event of a member account', { timeout: 120_000 }, () => {
  it("rotates the key in the event's account, the exposed key Inactive right after Publish", async () => {
    // Prepare
    const name = `${exposedKey}-2026-12-02T1340`;
    const event = exposureEvent({ account: MEMBER, keyIds: [exposedKey], time: '2026-12-02T13:40:07Z' });

    // Act
    const result = await rotator.invokeTrigger('leak-response', event);
    await reached(rotator, watch, name, N.waitDeletion);

    // Assess
    expect(result).toEqual({ started: [name], alreadyStarted: [], ignored: [] });
    expect(rotator.history.get(name)?.input).toEqual({
      accessKeyId: exposedKey,
      account: MEMBER,
      emergency: true,
      exposureReportedAt: '2026-12-02T13:40:07.000Z',
    });
    const keys = memberKeys();
    expect(keys.find((key) => key.id === exposedKey)?.status).toBe('Inactive');
    const newKey = keys.find((key) => key.id !== exposedKey);
    expect(newKey?.status).toBe('Active');
    expect(currentKey()).toBe(newKey?.id);
  });

  it('does not find the member key when the event says it is the hub’s, and changes nothing', async () => {
    // Prepare
    const before = JSON.stringify([memberKeys(), currentKey()]);
    const event = exposureEvent({ account: HUB, keyIds: [exposedKey], time: '2026-12-02T13:52:00Z' });

    // Act
    await rotator.invokeTrigger('leak-response', event);
    const refused = await rotator.startedRotations.get(`${exposedKey}-2026-12-02T1352`);

    // Assess
    expect(rotator.history.get(`${exposedKey}-2026-12-02T1352`)?.input).not.toHaveProperty('account');
    expect(refused?.execution.status).toBe('FAILED');
    expect(causeMessage(refused?.execution.cause)).toMatch(/^accessKeyId: /);
    expect(JSON.stringify([memberKeys(), currentKey()])).toBe(before);
  });
});
