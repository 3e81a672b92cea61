/**
 * `akr evidence --local` over real rotations: the synthesized workflow run on
 * the embedded cloud by the e2e harness, then the report built from the
 * recorded histories and from the keys read back through the real SDK
 * clients. Every format is scanned for every secret the cloud ever issued.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceOptions, evidenceCommand } from '../../cli/commands/evidence-command.ts';
import { normalizeRecord } from '../../evidence/model/evidence-fields.ts';
import type { EvidenceReport } from '../../evidence/model/evidence-report.ts';
import { FLEET_DEFAULTS } from '../../lambdas/config/fleet-environment.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import { type E2eHarness, openE2eHarness } from '../e2e/support/e2e-harness.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const FAST = { gracePeriodSeconds: 1, deletionDelaySeconds: 1 };
const DENIED = { code: 'AccessDenied', message: 'not authorized', status: 403 };
let harness: E2eHarness;
let outDir: string;
const written: EvidenceRecord[] = [];
let inFlightReport: EvidenceReport;

async function evidence(options: Partial<EvidenceOptions>, now?: Date) {
  const lines: string[] = [];
  const errors: string[] = [];
  const output = { line: (text: string) => lines.push(text), error: (text: string) => errors.push(text) };
  const code = await evidenceCommand({ local: true, stateDir: harness.stateDir, ...options }, output, now);
  return { code, stdout: lines.join('\n'), stderr: errors.join('\n') };
}

beforeAll(async () => {
  harness = await openE2eHarness();
  outDir = mkdtempSync(join(tmpdir(), 'akr-evidence-'));
  const { cloud } = harness;
  const run = async (principal: string) => {
    const { evidence: record } = await harness.run({ principal, ...FAST }, `${principal}-2026`);
    if (record) written.push(record);
  };
  harness.seed({ userName: 'ok', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
  await run('ok');
  harness.seed({ userName: 'rb', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
  cloud.injectFault({ service: 'secretsmanager', action: 'UpdateSecretVersionStage', error: DENIED });
  await run('rb');
  harness.seed({ userName: 'late', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
  cloud.injectFault({ service: 'iam', action: 'UpdateAccessKey', error: DENIED });
  await run('late');
  harness.seed({ userName: 'two', keys: [{ ageDays: 10 }, { ageDays: 20 }], managedKeyIndex: 0 });
  await run('two');
  harness.seed({ userName: 'stale', keys: [{ ageDays: 91 }], managedKeyIndex: 0 });
  harness.seed({ userName: 'fresh', keys: [{ ageDays: 89 }], managedKeyIndex: 0 });
  harness.seed({ userName: 'vip', keys: [{ ageDays: 300 }], tags: { [FLEET_DEFAULTS.exemptTag]: 'yes' } });

  // A rotation held in its grace period while the report is taken, then stopped.
  harness.seed({ userName: 'mid', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
  let inGrace: () => void = () => undefined;
  const waiting = new Promise<void>((resolve) => {
    inGrace = resolve;
  });
  const running = harness.rotator.rotate({
    name: 'mid-2026',
    input: { principal: 'mid', gracePeriodSeconds: 120, deletionDelaySeconds: 1 },
    onEvent: (event) => event.type === 'StateEntered' && event.stateName === 'WaitGrace' && inGrace(),
  });
  await waiting;
  inFlightReport = JSON.parse((await evidence({ format: 'json' })).stdout);
  harness.rotator.history.requestStop('mid-2026', 'test over');
  await running;
}, 240_000);

afterAll(async () => {
  await harness?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('akr evidence --local over real rotations', () => {
  it('rebuilds from the histories exactly the records the workflow wrote, and records the refusal', async () => {
    const { code, stdout } = await evidence({ format: 'json' });

    const report = JSON.parse(stdout) as EvidenceReport;
    expect(code).toBe(0);
    expect(written.map((r) => r.status).sort()).toEqual(['FAILED', 'ROLLED_BACK', 'SUCCEEDED']);
    // The same records, with a cause the runtime wrote as JSON decoded once ("not authorized").
    for (const record of written)
      expect(report.records.find((r) => r.rotationId === record.rotationId)).toEqual(normalizeRecord(record));
    expect(JSON.stringify(report.records)).not.toContain('errorType');
    expect(report.records.find((r) => r.rotationId === 'two-2026')).toMatchObject({
      status: 'FAILED',
      oldKeyId: null,
      newKeyId: null,
      failure: { error: 'TwoActiveKeysError' },
    });
    expect(report.merge.conflicts).toEqual([]);
  });

  it('classifies the keys it read through the SDK: 89 days compliant, 91 not, exempt tag exempt', () => {
    const classOf = (principal: string) =>
      inFlightReport.inventory.find((p) => p.principal === principal)?.keys.map((k) => k.classification);

    expect(classOf('fresh')).toEqual(['compliant']);
    expect(classOf('stale')).toEqual(['non-compliant']);
    expect(classOf('vip')).toEqual(['exempt']);
    expect(classOf('ok')).toEqual(['compliant']);
    const keyFinding = inFlightReport.findings.filter((f) => f.controlId === 'KEY-ROTATION');
    // Rolled back, failed after Publish, or still in flight: the 120-day key is still Active, so still a finding.
    expect(keyFinding.map((f) => f.principal)).toEqual(['late', 'mid', 'rb', 'stale']);
    expect(keyFinding.find((f) => f.principal === 'mid')?.detail).toContain('rotation mid-2026 in flight');
  });

  it('two Active keys: expected inside the grace window, a finding when a failure left them', () => {
    const oneKey = inFlightReport.findings.filter((f) => f.controlId === 'ONE-ACTIVE-KEY');
    const byPrincipal = Object.fromEntries(oneKey.map((f) => [f.principal, f.outcome]));

    expect(byPrincipal).toEqual({ mid: 'expected', late: 'finding', two: 'finding' });
    expect(inFlightReport.inFlight.map((r) => [r.principal, r.currentState])).toEqual([['mid', 'WaitGrace']]);
    expect(oneKey.find((f) => f.principal === 'late')?.detail).toContain('failed after Publish');
  });

  it('no report, in any format, holds secret material', async () => {
    // Prepare: the scan finds a secret when there is one.
    const [anySecret] = [...harness.monitor.secrets()];
    expect(harness.leaks([`x${anySecret}x`])).toHaveLength(1);
    const texts: string[] = [];

    // Act
    for (const format of ['md', 'html', 'json', 'csv']) {
      const out = join(outDir, `report.${format}`);
      const toStdout = await evidence({ format });
      const toFile = await evidence({ format, out });
      expect([toStdout.code, toFile.code]).toEqual([0, 0]);
      texts.push(toStdout.stdout, toStdout.stderr, toFile.stderr, readFileSync(out, 'utf8'));
    }

    // Assess
    expect(texts.every((text) => text.length > 0)).toBe(true);
    expect(harness.leaks(texts)).toEqual([]);
  });

  it('--since leaves out rotations last active before it', async () => {
    const twoDaysOn = new Date(Date.now() + 2 * 86_400_000);

    const { stdout } = await evidence({ format: 'json', since: '1d' }, twoDaysOn);

    expect((JSON.parse(stdout) as EvidenceReport).records).toEqual([]);
  });

  it('refuses bad input with exit 2 and names the flag', async () => {
    const badFormat = await evidence({ format: 'pdf' });
    const noArn = await evidence({ local: false });

    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/VALIDATION_ERROR.*--format/);
    expect(noArn.code).toBe(2);
    expect(noArn.stderr).toMatch(/--state-machine-arn/);
  });

  it('the akr command writes the CSV with the documented header to --out, progress on stderr', async () => {
    const out = join(outDir, 'cli.csv');

    // Not spawnSync: the cloud it reads is served by this very process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const args = [
        'bin/akr.ts',
        'evidence',
        '--local',
        '--state-dir',
        harness.stateDir,
        '--format',
        'csv',
        '--out',
        out,
      ];
      const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: process.env });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (status) => done({ status, stdout, stderr }));
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Evidence \(csv\) written to .*cli\.csv: \d+ rotations/);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'rotationId,provider,principal,executionArn,status,oldKeyId,newKeyId,startedAt,newKeyCreatedAt,verifiedAt,publishedAt,oldKeyLastUsedAt,retiredAt,deletedAt,failureError,failureCause,emergency,retirementPolicy,exposureReportedAt,revokedAt,revocation',
    );
    expect(harness.leaks([csv, run.stderr])).toEqual([]);
  });
});
