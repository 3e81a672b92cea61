/**
 * `akr evidence` against a deployment, as an operator runs it: the state
 * machines named by AKR_STATE_MACHINE_ARN and AKR_FLEET_STATE_MACHINE_ARN,
 * Step Functions reached through AWS_ENDPOINT_URL_SFN (a loopback endpoint
 * serving the recorded histories, throttling once) and IAM through
 * AWS_ENDPOINT_URL (the embedded cloud), all through the real SDK clients.
 * The state machines' creation date (DescribeStateMachine) dates the deployment.
 * Organization-wide, with Organizations hanging: the report is still written,
 * in seconds, the account list UNREADABLE and a high finding.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedIamUser,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceCommand } from '../../cli/commands/evidence-command.ts';
import type { EvidenceReport } from '../../evidence/model/evidence-report.ts';
import { type HungEndpoint, startHungEndpoint } from '../support/hung-endpoint.ts';
import { type FakeStepFunctions, startFakeStepFunctions } from './support/fake-step-functions.ts';
import { ALL_ROTATION_FIXTURES, loadFixture } from './support/report-fixtures.ts';

const ROTATION_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:WorkflowStateMachine8F1B1C15';
const FLEET_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:AwsFleetWorkflowStateMachineF0A46B0B';
const NOW = new Date('2026-11-24T00:00:00.000Z');
const DEPLOYED_AT = '2026-11-23T17:00:00.000Z';
const ENV_NAMES = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SFN',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AKR_STATE_MACHINE_ARN',
  'AKR_FLEET_STATE_MACHINE_ARN',
  'AKR_ACCOUNTS',
  'AKR_REQUEST_TIMEOUT_MS',
  'AWS_ENDPOINT_URL_ORGANIZATIONS',
] as const;

let stateDir: string;
let cloud: LocalCloud;
let fake: FakeStepFunctions;
let hung: HungEndpoint;
const saved: Partial<Record<string, string>> = {};

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-evidence-remote-'));
  cloud = await startLocalCloud({ stateDir });
  seedIamUser(cloud, { userName: 'ev-happy', keys: [{ ageDays: 1 }] });
  seedIamUser(cloud, { userName: 'old-timer', keys: [{ ageDays: 400 }] });
  const operator = loadFixture('operator-rollback').history;
  fake = await startFakeStepFunctions(
    ALL_ROTATION_FIXTURES.map((name) => ({
      history: loadFixture(name).history,
      // `akr rollback` stops the execution with this error (StopExecution).
      ...(name === 'operator-rollback' && {
        abort: { error: 'OperatorRollback', cause: String(operator.cause) },
      }),
    })),
    2,
    // A stack deployed just before the recorded runs: its schedule owes no run before then.
    { [ROTATION_ARN]: DEPLOYED_AT, [FLEET_ARN]: '2026-11-23T17:10:00.000Z' },
  );
  hung = await startHungEndpoint();
  for (const name of ENV_NAMES) saved[name] = process.env[name];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_ENDPOINT_URL_SFN: fake.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
    AKR_STATE_MACHINE_ARN: ROTATION_ARN,
    AKR_FLEET_STATE_MACHINE_ARN: FLEET_ARN,
  });
}, 60_000);

afterAll(async () => {
  for (const name of ENV_NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await fake?.close();
  await hung?.close();
  await cloud?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('akr evidence on a deployment', () => {
  it('reads both state machines and IAM, and reports records, inventory and the schedule', async () => {
    const lines: string[] = [];
    const progress: string[] = [];
    const output = { line: (text: string) => lines.push(text), error: (text: string) => progress.push(text) };

    const code = await evidenceCommand({ format: 'json', stateDir, pauseMs: 1 }, output, NOW);

    const report = JSON.parse(lines.join('\n')) as EvidenceReport;
    expect(code).toBe(0);
    expect(report.source).toBe(`${ROTATION_ARN}, ${FLEET_ARN}`);
    expect(report.records.map((r) => r.status).sort()).toEqual([
      'FAILED',
      'FAILED',
      'FAILED',
      'ROLLED_BACK',
      'ROLLED_BACK',
      'SUCCEEDED',
    ]);
    expect(report.inventory.map((p) => [p.principal, p.keys[0]?.classification])).toEqual([
      ['ev-happy', 'compliant'],
      ['old-timer', 'non-compliant'],
    ]);
    expect(report.schedule.runs.map((run) => run.name)).toEqual(['fleet-aws-2026']);
    // Judged from the deployment (DescribeStateMachine), not from 90 days back: no gap before the first run.
    expect(report.schedule.deployments).toEqual([
      { provider: 'aws', deployedAt: DEPLOYED_AT, firstRunDueBy: '2026-11-24T18:00:00.000Z' },
    ]);
    expect(report.findings.filter((f) => f.controlId === 'ROTATION-SCHEDULE')).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(fake.calls).toContain('ListExecutions throttled');
    expect(progress.join('\n')).toMatch(/read 7\/7 histories[\s\S]*Reading the aws key inventory/);
  });
});

describe('akr evidence on an organization-wide deployment', () => {
  it('Organizations hangs: the report is written in seconds, the account list UNREADABLE, a high finding, exit 1', async () => {
    // Prepare: the deployment rotates the organization; Organizations accepts the call and never answers.
    Object.assign(process.env, {
      AKR_ACCOUNTS: 'organization',
      AKR_REQUEST_TIMEOUT_MS: '300',
      AWS_ENDPOINT_URL_ORGANIZATIONS: hung.url,
    });
    const lines: string[] = [];
    const progress: string[] = [];
    const output = { line: (text: string) => lines.push(text), error: (text: string) => progress.push(text) };
    const started = Date.now();

    // Act
    const code = await evidenceCommand({ format: 'json', stateDir, pauseMs: 1 }, output, NOW);

    // Assess
    const report = JSON.parse(lines.join('\n')) as EvidenceReport;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(code).toBe(1);
    expect(report.accounts?.map((a) => [a.account, a.hub, a.status])).toEqual([
      [cloud.accountId, true, 'READ'],
      ['organization', false, 'UNREADABLE'],
    ]);
    // The hub is read as before, its principals bare.
    expect(report.inventory.map((p) => [p.principal, p.account])).toEqual([
      ['ev-happy', cloud.accountId],
      ['old-timer', cloud.accountId],
    ]);
    expect(report.findings.filter((f) => f.controlId === 'ACCOUNTS-READ')).toEqual([
      expect.objectContaining({ severity: 'high', account: 'organization' }),
    ]);
    expect(progress.join('\n')).toMatch(
      /account organization UNREADABLE: Organizations ListAccounts did not answer within 0\.3 s; .*akr evidence again/,
    );
    expect(progress.at(-1)).toMatch(/2 principals in 2 accounts \(1 unreadable\), \d+ findings/);
  }, 60_000);
});
