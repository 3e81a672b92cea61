/**
 * Organization-wide rotation end to end: the synthesized fleet and rotation
 * state machines, run by the local runner with the real handlers, against an
 * organization on the embedded cloud whose hub is not 000000000000. Member
 * roles are the synthesized member stack's. One member account is ready, one
 * has no role, one distrusts the hub (another ExternalId), one throttles its
 * key creation: the ready and the throttled ones rotate, the other two are
 * reported with their cause, and no account stops another. Then the CLI
 * rotates a member principal on the same world, and a second world keeps a
 * member's secret in the member account.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LocalCloud,
  seedIamUser,
  seedOrganization,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_FROM_ORGANIZATION, DEFAULT_ACCOUNT_SCOPE } from '../../lambdas/config/account-scope.ts';
import { OPTED_IN_TAGS, secretName } from '../../lambdas/config/environment.ts';
import type { FleetSummary } from '../../lambdas/fleet/fleet-state.ts';
import { type LocalRotator, openLocalRotator } from '../../local/local-rotation.ts';
import { deployMemberRole } from '../../local/member-role.ts';
import { type WorldSettings, writeWorldSettings } from '../../local/workflow/world-settings.ts';
import { runAkr, SPAWNING_TEST_TIMEOUT_MS } from './support/akr-process.ts';

const HUB = '123456789012';
const READY = '111111111111';
const NO_ROLE = '222222222222';
const DISTRUSTING = '333333333333';
const THROTTLED = '444444444444';
const ROLE = DEFAULT_ACCOUNT_SCOPE.memberRoleName;
const secretOf = (principal: string) => secretName('access-key-rotator', 'aws', principal);

interface World {
  readonly stateDir: string;
  readonly rotator: LocalRotator;
  readonly cloud: LocalCloud;
}

async function openWorld(settings: WorldSettings): Promise<World> {
  delete process.env.AWS_ENDPOINT_URL;
  const stateDir = mkdtempSync(join(tmpdir(), 'akr-organization-'));
  writeWorldSettings(stateDir, settings);
  // The state keeps the account it was made for: every later cloud on it serves the hub HUB.
  await (await startLocalCloud({ stateDir, accountId: HUB })).close();
  const rotator = await openLocalRotator(stateDir, {
    provider: 'aws',
    retryIntervalOverrides: { CreateKey: 10 },
  });
  const cloud = rotator.aws.cloud;
  if (!cloud) throw new Error('the organization tests need the embedded local cloud');
  return { stateDir, rotator, cloud };
}

function seedUser(cloud: LocalCloud, account: string | undefined, userName: string, ageDays = 120): string {
  const principal = account === undefined ? userName : `${account}/${userName}`;
  const [keyId] = seedIamUser(
    cloud,
    {
      userName,
      keys: [{ ageDays }],
      managedSecret: { name: secretOf(principal), keyIndex: 0 },
      tags: OPTED_IN_TAGS,
    },
    account === undefined ? {} : { account },
  ).keyIds;
  return String(keyId);
}

function activeKeys(cloud: LocalCloud, account: string, userName: string): string[] {
  return cloud
    .account(account)
    .iam.listAccessKeys(userName)
    .filter((key) => key.status === 'Active')
    .map((key) => key.accessKeyId);
}

function currentKeyOf(cloud: LocalCloud, principal: string, secretAccount = HUB): string | undefined {
  const secrets = cloud.account(secretAccount).secrets;
  if (!secrets.findSecret(secretOf(principal))) return undefined;
  const value = secrets.getSecretValue(secretOf(principal));
  return (JSON.parse(String(value.secretString)) as { AccessKeyId: string }).AccessKeyId;
}

function filesUnder(directory: string): string[] {
  try {
    return readdirSync(directory, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  } catch {
    return [];
  }
}

describe('organization-wide rotation on the embedded cloud', () => {
  let world: World;
  const oldKeys: Record<string, string> = {};
  let summary: FleetSummary | undefined;
  let status: string;

  beforeAll(async () => {
    world = await openWorld({ 'akr:accounts': ACCOUNTS_FROM_ORGANIZATION });
    const { cloud, stateDir } = world;
    seedOrganization(cloud, {
      accounts: [READY, NO_ROLE, DISTRUSTING, THROTTLED].map((id) => ({ id })),
    });
    for (const account of [READY, DISTRUSTING, THROTTLED]) await deployMemberRole(cloud, stateDir, account);
    const trust = cloud.account(DISTRUSTING).iam.roles.get(ROLE).assumeRolePolicyDocument;
    cloud
      .account(DISTRUSTING)
      .iam.roles.updateTrustPolicy(
        ROLE,
        JSON.parse(trust.replaceAll(`"${DEFAULT_ACCOUNT_SCOPE.memberExternalId}"`, '"another-hub"')),
      );
    oldKeys.hub = seedUser(cloud, undefined, 'hub-hana');
    oldKeys.ready = seedUser(cloud, READY, 'ready-rita');
    seedUser(cloud, READY, 'ready-young', 5);
    oldKeys.noRole = seedUser(cloud, NO_ROLE, 'lost-lou');
    oldKeys.distrusting = seedUser(cloud, DISTRUSTING, 'dis-dora');
    oldKeys.throttled = seedUser(cloud, THROTTLED, 'thr-theo');
    // IAM throttles key creation twice in that account only: the CreateKey step's retries absorb it.
    cloud.injectFault({
      service: 'iam',
      action: 'CreateAccessKey',
      account: THROTTLED,
      times: 2,
      error: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    });
    const run = await world.rotator.runFleet({
      name: 'organization-fleet-1',
      input: { gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
    });
    summary = run.summary;
    status = run.execution.status;
  }, SPAWNING_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await world?.rotator.close();
    if (world) rmSync(world.stateDir, { recursive: true, force: true });
  });

  it('rotates the hub, the ready account and the throttled one, and reports the other two', () => {
    expect(status).toBe('SUCCEEDED');
    expect(new Set(summary?.rotated.map((entry) => entry.principal))).toEqual(
      new Set(['hub-hana', `${READY}/ready-rita`, `${THROTTLED}/thr-theo`]),
    );
    expect(summary?.failed).toEqual([]);
    expect(summary?.counts).toMatchObject({ accounts: 5, unreadableAccounts: 2, rotated: 3 });
    const unreadable = Object.fromEntries(
      (summary?.unreadableAccounts ?? []).map((entry) => [entry.account, entry]),
    );
    expect(Object.keys(unreadable).sort()).toEqual([NO_ROLE, DISTRUSTING]);
    for (const account of [NO_ROLE, DISTRUSTING]) {
      expect(unreadable[account]?.error).toBe('MemberAccountUnreachableError');
      expect(unreadable[account]?.cause).toContain(`arn:aws:iam::${account}:role/${ROLE}`);
    }
    const byAccount = Object.fromEntries((summary?.byAccount ?? []).map((entry) => [entry.account, entry]));
    expect(byAccount[READY]).toMatchObject({ status: 'SUCCEEDED', rotated: 1, skipped: 1 });
    expect(byAccount[NO_ROLE]).toMatchObject({ status: 'FAILED', rotated: 0 });
  });

  it('replaced each rotated key in its own account and published it under the account-qualified name', () => {
    const { cloud } = world;
    for (const [account, user, old] of [
      [HUB, 'hub-hana', oldKeys.hub],
      [READY, 'ready-rita', oldKeys.ready],
      [THROTTLED, 'thr-theo', oldKeys.throttled],
    ] as const) {
      const [active, ...others] = activeKeys(cloud, account, user);
      expect(others).toEqual([]);
      expect(active).not.toBe(old);
      expect(
        cloud
          .account(account)
          .iam.listAccessKeys(user)
          .map((key) => key.accessKeyId),
      ).not.toContain(old);
      const principal = account === HUB ? user : `${account}/${user}`;
      expect(cloud.secrets.findSecret(secretOf(principal))).toBeDefined();
      expect(currentKeyOf(cloud, principal)).toBe(active);
    }
    expect(secretOf(`${READY}/ready-rita`)).toBe(`access-key-rotator/aws/${READY}/ready-rita`);
  });

  it('changed nothing in the accounts it could not enter', () => {
    const { cloud } = world;
    expect(activeKeys(cloud, NO_ROLE, 'lost-lou')).toEqual([oldKeys.noRole]);
    expect(activeKeys(cloud, DISTRUSTING, 'dis-dora')).toEqual([oldKeys.distrusting]);
    const mutatingThere = cloud.requests.filter(
      (request) => request.mutating && (request.account === NO_ROLE || request.account === DISTRUSTING),
    );
    expect(mutatingThere).toEqual([]);
  });

  it('acted in member accounts only through role sessions, and throttled only the throttled account', () => {
    const { cloud } = world;
    const memberIam = cloud.requests.filter(
      (request) => request.service === 'iam' && request.account !== undefined && request.account !== HUB,
    );
    expect(memberIam.length).toBeGreaterThan(0);
    for (const request of memberIam) expect(request.accessKeyId).toMatch(/^ASIA/);
    const faulted = cloud.requests.filter((request) => request.fault !== undefined);
    expect(faulted.map((request) => [request.account, request.action])).toEqual([
      [THROTTLED, 'CreateAccessKey'],
      [THROTTLED, 'CreateAccessKey'],
    ]);
  });

  it('keeps every secret out of the histories, the logs and the work bucket', () => {
    const { cloud, stateDir } = world;
    const secrets = [HUB, READY, THROTTLED].flatMap((account) =>
      ['hub-hana', 'ready-rita', 'thr-theo'].flatMap((user) =>
        (cloud.account(account).iam.findUser(user)
          ? cloud.account(account).iam.listAccessKeys(user)
          : []
        ).map((key) => key.secretAccessKey),
      ),
    );
    expect(secrets.length).toBe(3);
    const texts = [...filesUnder(join(stateDir, 'executions')), ...filesUnder(join(stateDir, 'logs'))];
    const work = cloud.s3.objects(cloud.s3.bucketNames().find((name) => name.startsWith('fleetwork')) ?? '');
    expect(work.length).toBeGreaterThan(0);
    texts.push(...work.map((object) => object.body));
    for (const secret of secrets) for (const text of texts) expect(text.includes(secret)).toBe(false);
  });

  it(
    'rotates a member principal on demand with akr rotate --principal <account>/<user>, and refuses the unreachable one',
    () => {
      const { stateDir, cloud } = world;
      const before = activeKeys(cloud, READY, 'ready-rita');

      const rotated = runAkr(stateDir, [
        'rotate',
        '--local',
        '--json',
        '--principal',
        `${READY}/ready-rita`,
        // The fleet's child of today already has the default name.
        '--name',
        'ready-rita-on-demand',
        '--grace',
        '0s',
        '--deletion-delay',
        '0s',
      ]);
      const refused = runAkr(stateDir, ['rotate', '--local', '--json', '--principal', `${NO_ROLE}/lost-lou`]);
      const malformed = runAkr(stateDir, ['rotate', '--local', '--json', '--principal', 'a/b/c']);

      expect(rotated.status, rotated.output).toBe(0);
      expect(JSON.parse(rotated.stdout)).toMatchObject({
        status: 'SUCCEEDED',
        input: { principal: `${READY}/ready-rita` },
      });
      const after = activeKeys(cloud, READY, 'ready-rita');
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before);
      expect(refused.status).not.toBe(0);
      expect(JSON.parse(refused.stdout)).toMatchObject({
        status: 'FAILED',
        error: 'MemberAccountUnreachableError',
      });
      expect(refused.stdout).toContain(`arn:aws:iam::${NO_ROLE}:role/${ROLE}`);
      expect(activeKeys(cloud, NO_ROLE, 'lost-lou')).toEqual([oldKeys.noRole]);
      expect(malformed.status).toBe(2);
      expect(JSON.parse(malformed.stdout)).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    },
    SPAWNING_TEST_TIMEOUT_MS,
  );
});

describe('the member-account secret option', () => {
  let world: World;

  beforeAll(async () => {
    world = await openWorld({ 'akr:accounts': READY, 'akr:secretLocation': 'member' });
    seedOrganization(world.cloud, { accounts: [{ id: READY }] });
    await deployMemberRole(world.cloud, world.stateDir, READY);
  }, SPAWNING_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await world?.rotator.close();
    if (world) rmSync(world.stateDir, { recursive: true, force: true });
  });

  it('publishes a member principal in the member account, with the staging labels, and nothing in the hub', async () => {
    const { cloud } = world;
    const principal = `${READY}/mia`;
    const old = seedUser(cloud, READY, 'mia');
    // A secret that starts in the member account, as a member-kept deployment keeps it.
    const hubSecret = cloud.secrets.findSecret(secretOf(principal));
    if (hubSecret) cloud.secrets.deleteSecret(secretOf(principal));

    const { execution } = await world.rotator.rotate({
      name: 'mia-member-secret',
      input: { principal, gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
    });

    expect(execution.status, JSON.stringify(execution.cause)).toBe('SUCCEEDED');
    const [active] = activeKeys(cloud, READY, 'mia');
    expect(active).not.toBe(old);
    expect(currentKeyOf(cloud, principal, READY)).toBe(active);
    expect(cloud.secrets.findSecret(secretOf(principal))).toBeUndefined();
  });
});
