/**
 * `akr evidence` over an organization on the embedded cloud, end to end
 * through the real SDK clients and wire protocols: a hub (not 000000000000)
 * managing an organization of a member whose role is deployed as the design
 * gives it (trusting the hub's `/access-key-rotator/` roles, with the
 * ExternalId, from within the organization), a member with no role, and a
 * suspended one. Organizations lists them, STS assumes the member role, IAM
 * answers in the member's account.
 *
 * - `--local`: the missing role's account is UNREADABLE with the cause and a
 *   high finding, the other member's keys are read, and member records from
 *   the archive belong to their account.
 * - Locally and deployed, no format holds a secret, not even the role
 *   sessions the report was issued.
 * - Deployed: IAM throttling in one member account is retried and the account
 *   read; a member role that denies the IAM reads is UNREADABLE saying so;
 *   with STS hanging the report ends within the call timeouts, every member
 *   UNREADABLE (did not answer), the hub read as always.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  readPersistedCloudState,
  seedIamUser,
  seedOrganization,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceOptions, evidenceCommand } from '../../cli/commands/evidence-command.ts';
import type { EvidenceReport } from '../../evidence/model/evidence-report.ts';
import { type FakeStepFunctions, startFakeStepFunctions } from './support/fake-step-functions.ts';
import { record } from './support/report-fixtures.ts';

const HUB = '111122223333';
const MEMBER = '444455556666';
const NO_ROLE = '121212121212';
const SUSPENDED = '777788889999';
const ROLE = 'access-key-rotator-member';
const THROTTLING = { code: 'Throttling', message: 'Rate exceeded', status: 400 };
const DENIED = { code: 'AccessDenied', message: 'not authorized', status: 403 };
const ENV = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SFN',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AKR_ACCOUNTS',
  'AKR_REQUEST_TIMEOUT_MS',
  'AKR_STATE_MACHINE_ARN',
  'YC_ENDPOINT_URL',
] as const;
const saved: Partial<Record<string, string>> = {};
let stateDir: string;
let outDir: string;

/** The member role as lib/member deploys it. */
function memberRole(cloud: LocalCloud, organizationId: string) {
  cloud.account(MEMBER).iam.roles.create({
    roleName: ROLE,
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${HUB}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'sts:ExternalId': 'access-key-rotator', 'aws:PrincipalOrgID': organizationId },
            ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/access-key-rotator/*` },
          },
        },
      ],
    },
    policies: {
      read: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }],
      },
    },
  });
}

/** Every secret the cloud holds: key secrets of every account, STS sessions, secret values. */
function secretsIn(dir: string): string[] {
  const found = new Set<string>([LOCAL_ADMIN_CREDENTIALS.secretAccessKey]);
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null)
      for (const [key, inner] of Object.entries(value)) {
        if (/^(secretAccessKey|sessionToken|secretString)$/i.test(key) && typeof inner === 'string')
          found.add(inner);
        else walk(inner);
      }
  };
  // The state database is read through the package, never by hand: any field named like a secret counts.
  walk(readPersistedCloudState(dir));
  return [...found].filter((secret) => secret.length >= 16);
}

beforeAll(async () => {
  for (const name of ENV) saved[name] = process.env[name];
  for (const name of ENV) delete process.env[name];
  stateDir = mkdtempSync(join(tmpdir(), 'akr-evidence-org-'));
  outDir = mkdtempSync(join(tmpdir(), 'akr-evidence-org-out-'));
  const cloud = await startLocalCloud({ stateDir, accountId: HUB });
  const organization = seedOrganization(cloud, {
    accounts: [{ id: MEMBER }, { id: NO_ROLE }, { id: SUSPENDED, status: 'SUSPENDED' }],
  });
  memberRole(cloud, organization.organizationId);
  seedIamUser(cloud, { userName: 'hub-user', keys: [{ ageDays: 10 }] });
  seedIamUser(cloud, { userName: 'bob', keys: [{ ageDays: 5 }] }, { account: MEMBER });
  seedIamUser(cloud, { userName: 'stale', keys: [{ ageDays: 200 }] }, { account: MEMBER });
  seedIamUser(cloud, { userName: 'unseen', keys: [{ ageDays: 300 }] }, { account: NO_ROLE });
  await cloud.close();
  // A member rotation the archive holds, as the Record step writes it locally.
  mkdirSync(join(stateDir, 'evidence'));
  const rotationId = `${MEMBER}_bob-2026-12-01`;
  const archived = record({
    rotationId,
    principal: `${MEMBER}/bob`,
    executionArn: `arn:aws:states:us-east-1:${HUB}:execution:Rotation:${rotationId}`,
    startedAt: new Date(Date.now() - 86_400_000).toISOString(),
    retiredAt: null,
    deletedAt: null,
  });
  writeFileSync(join(stateDir, 'evidence', `${rotationId}.json`), JSON.stringify(archived));
  process.env.AKR_ACCOUNTS = 'organization';
}, 60_000);

afterAll(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

async function evidence(options: Partial<EvidenceOptions>) {
  const lines: string[] = [];
  const errors: string[] = [];
  const output = { line: (text: string) => lines.push(text), error: (text: string) => errors.push(text) };
  const code = await evidenceCommand({ stateDir, ...options }, output);
  return { code, stdout: lines.join('\n'), stderr: errors.join('\n') };
}

describe('akr evidence --local over an organization of three accounts, one role missing', () => {
  it('the missing role: UNREADABLE with the cause, a high finding; the other member read; exit 1', async () => {
    const { code, stdout, stderr } = await evidence({ local: true, format: 'json' });

    const report = JSON.parse(stdout) as EvidenceReport;
    expect(code).toBe(1);
    // The suspended account is not in scope; the hub, the member and the one without a role are.
    expect(report.accounts?.map((a) => [a.account, a.status, a.principals])).toEqual([
      [HUB, 'READ', 1],
      [NO_ROLE, 'UNREADABLE', 0],
      [MEMBER, 'READ', 2],
    ]);
    const noRole = report.accounts?.find((a) => a.account === NO_ROLE);
    expect(noRole).toMatchObject({
      error: 'MemberAccountUnreachableError',
      cause: `member account ${NO_ROLE} is unreachable: STS AssumeRole of arn:aws:iam::${NO_ROLE}:role/${ROLE} failed with AccessDenied (HTTP 403)`,
      action: expect.stringContaining(`deploy the member stack in account ${NO_ROLE}`),
    });
    expect(report.findings.filter((f) => f.controlId === 'ACCOUNTS-READ')).toEqual([
      expect.objectContaining({ severity: 'high', account: NO_ROLE }),
    ]);
    expect(report.controls.find((c) => c.controlId === 'ACCOUNTS-READ')).toMatchObject({
      evaluated: 3,
      findings: 1,
    });
    expect(report.inventory.map((p) => [p.principal, p.account, p.keys[0]?.classification])).toEqual([
      [`${MEMBER}/bob`, MEMBER, 'compliant'],
      [`${MEMBER}/stale`, MEMBER, 'non-compliant'],
      ['hub-user', HUB, 'compliant'],
    ]);
    expect(stderr).toMatch(
      new RegExp(`account ${NO_ROLE} UNREADABLE: member account ${NO_ROLE} is unreachable`),
    );
  }, 60_000);

  it('member records from the archive belong to their account', async () => {
    const { stdout } = await evidence({ local: true, format: 'json' });

    const report = JSON.parse(stdout) as Omit<EvidenceReport, 'records'> & {
      records: { principal: string; account: string }[];
    };
    expect(report.records.map((r) => [r.principal, r.account])).toEqual([[`${MEMBER}/bob`, MEMBER]]);
    expect(report.accounts?.find((a) => a.account === MEMBER)?.rotations).toBe(1);
  }, 60_000);
});

describe('akr evidence on an organization-wide deployment', () => {
  let cloud: LocalCloud;
  let sfn: FakeStepFunctions;
  beforeAll(async () => {
    cloud = await startLocalCloud({ stateDir });
    sfn = await startFakeStepFunctions([]);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: cloud.endpoint,
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      AWS_REGION: cloud.region,
      AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
      AKR_STATE_MACHINE_ARN: `arn:aws:states:${cloud.region}:${HUB}:stateMachine:Rotation`,
      AKR_REQUEST_TIMEOUT_MS: '300',
    });
  }, 60_000);
  afterAll(async () => {
    await sfn?.close();
    await cloud?.close();
  });

  it('no format, local or deployed, holds a secret: no key of any account, no role session, not the admin key', async () => {
    const texts: string[] = [];

    for (const format of ['md', 'html', 'json', 'csv']) {
      const out = join(outDir, `report.${format}`);
      const local = await evidence({ local: true, format, out });
      const deployed = await evidence({ format, pauseMs: 1 });
      texts.push(local.stderr, readFileSync(out, 'utf8'), deployed.stdout, deployed.stderr);
    }

    // The deployed reads' role sessions were issued by this cloud, which keeps them in the state.
    await cloud.close();
    const secrets = secretsIn(stateDir);
    cloud = await startLocalCloud({ stateDir });
    process.env.AWS_ENDPOINT_URL = cloud.endpoint;
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    expect(texts.join('\n')).toContain(NO_ROLE);
    // The deployed reads went through the member role too: its users are in every report but the CSV (records only).
    expect(texts.filter((text) => text.includes(`${MEMBER}/stale`))).toHaveLength(6);
    expect(secrets.filter((secret) => texts.some((text) => text.includes(secret)))).toEqual([]);
  }, 120_000);

  it('IAM throttling in one member account: retried, the account read, nothing reported unreadable but the missing role', async () => {
    cloud.injectFault({
      service: 'iam',
      action: 'GetAccountAuthorizationDetails',
      account: MEMBER,
      times: 2,
      error: THROTTLING,
    });
    const before = cloud.requests.length;

    const { stdout } = await evidence({ format: 'json', pauseMs: 1 });

    const report = JSON.parse(stdout) as EvidenceReport;
    expect(report.accounts?.map((a) => [a.account, a.status])).toEqual([
      [HUB, 'READ'],
      [NO_ROLE, 'UNREADABLE'],
      [MEMBER, 'READ'],
    ]);
    const throttled = cloud.requests.slice(before).filter((r) => r.account === MEMBER && r.fault === 'error');
    expect(throttled).toHaveLength(2);
    cloud.clearFaults();
  }, 60_000);

  it('the member role denies the IAM reads: UNREADABLE, saying the role must allow them', async () => {
    cloud.injectFault({
      service: 'iam',
      action: 'GetAccountAuthorizationDetails',
      account: MEMBER,
      error: DENIED,
    });

    const { stdout } = await evidence({ format: 'json', pauseMs: 1 });

    const member = (JSON.parse(stdout) as EvidenceReport).accounts?.find((a) => a.account === MEMBER);
    expect(member).toMatchObject({
      status: 'UNREADABLE',
      error: 'AccessDenied',
      cause: `reading the IAM users and keys of account ${MEMBER} failed with AccessDenied (HTTP 403)`,
      action: expect.stringContaining('denies IAM reads: update the member role stack'),
    });
    cloud.clearFaults();
  }, 60_000);

  it('ends within the call timeouts: every member UNREADABLE (did not answer), the hub read', async () => {
    // Prepare: every AssumeRole the hub signs is accepted and never answered.
    cloud.injectFault({ service: 'sts', action: 'AssumeRole', kind: 'hang', times: 100 });
    const before = cloud.requests.length;
    const started = Date.now();

    // Act
    const { code, stdout } = await evidence({ format: 'json', pauseMs: 1 });

    // Assess: two accounts of three bounded attempts of 0.3 s each, read four at a time.
    const report = JSON.parse(stdout) as EvidenceReport;
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(1);
    expect(report.accounts?.map((a) => [a.account, a.status, a.error])).toEqual([
      [HUB, 'READ', null],
      [NO_ROLE, 'UNREADABLE', 'TimeoutError'],
      [MEMBER, 'UNREADABLE', 'TimeoutError'],
    ]);
    expect(report.accounts?.[2]?.cause).toBe(
      `STS AssumeRole of arn:aws:iam::${MEMBER}:role/${ROLE} did not answer within 0.3 s`,
    );
    expect(report.inventory.map((p) => p.principal)).toEqual(['hub-user']);
    const assumed = cloud.requests.slice(before).filter((r) => r.action === 'AssumeRole');
    expect(assumed.length).toBeGreaterThanOrEqual(2);
    expect(assumed.length).toBeLessThanOrEqual(6);
  }, 60_000);
});
