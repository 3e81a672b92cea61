/**
 * The Exposure response of `akr evidence --local` over REAL emergency
 * rotations: the synthesized workflow on the embedded cloud, AWS and Yandex,
 * one whose RetireOldKey is denied (the exposed key is never revoked) and an
 * AWS one still waiting its deletion delay when the report is taken (its key
 * already Inactive). Rebuilt from the histories, the records must say what
 * the Record step wrote, and the section what happened to each key.
 */
import { seedYandexRotatorIdentity, seedYandexServiceAccount } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceOptions, evidenceCommand } from '../../cli/commands/evidence-command.ts';
import { normalizeRecord } from '../../evidence/model/evidence-fields.ts';
import type { EvidenceReport } from '../../evidence/model/evidence-report.ts';
import { DEFAULT_SETTINGS } from '../../lambdas/config/environment.ts';
import type { EvidenceRecord, RotationInput } from '../../lambdas/rotation/rotation-state.ts';
import { type E2eHarness, openE2eHarness, secretOf } from '../e2e/support/e2e-harness.ts';

const DENIED = {
  code: 'AccessDenied',
  message: 'not authorized to perform iam:UpdateAccessKey',
  status: 403,
};
const SERVICE_ACCOUNT = 'ajeexposedservice001';
let aws: E2eHarness;
let yandex: E2eHarness;
const written = new Map<string, EvidenceRecord>();
const exposedKeys = new Map<string, string>();
let inFlight: EvidenceReport;
let ended: { report: EvidenceReport; stderr: string };
let waitingStartedAt = 0;

function emergency(principal: string, deletionDelaySeconds = 0): RotationInput {
  const input = {
    principal,
    emergency: true,
    exposureReportedAt: new Date().toISOString(),
    deletionDelaySeconds,
  };
  return input as RotationInput;
}

async function evidence(harness: E2eHarness, options: Partial<EvidenceOptions> = {}) {
  const lines: string[] = [];
  const errors: string[] = [];
  const output = { line: (text: string) => lines.push(text), error: (text: string) => errors.push(text) };
  const code = await evidenceCommand({ local: true, stateDir: harness.stateDir, ...options }, output);
  return { code, stdout: lines.join('\n'), stderr: errors.join('\n') };
}

beforeAll(async () => {
  aws = await openE2eHarness();
  for (const principal of ['leaked', 'stuck', 'waiting']) {
    const [keyId] = aws.seed({ userName: principal, keys: [{ ageDays: 20 }], managedKeyIndex: 0 });
    exposedKeys.set(principal, String(keyId));
  }
  const leaked = await aws.run(emergency('leaked'), 'leaked-emergency');
  if (leaked.evidence) written.set('leaked', leaked.evidence);
  aws.cloud.injectFault({ service: 'iam', action: 'UpdateAccessKey', error: DENIED });
  const stuck = await aws.run(emergency('stuck'), 'stuck-emergency');
  if (stuck.evidence) written.set('stuck', stuck.evidence);

  // Revoked, then held in its deletion delay while the report is taken: no record yet.
  let inDelay: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    inDelay = resolve;
  });
  waitingStartedAt = Date.now();
  const running = aws.rotator.rotate({
    name: 'waiting-emergency',
    input: emergency('waiting', 120),
    onEvent: (event) => event.type === 'StateEntered' && event.stateName === 'WaitDeletion' && inDelay(),
  });
  await reached;
  inFlight = JSON.parse((await evidence(aws, { format: 'json' })).stdout);
  aws.rotator.history.requestStop('waiting-emergency', 'test over');
  await running;
  const { stdout, stderr } = await evidence(aws, { format: 'json' });
  ended = { report: JSON.parse(stdout), stderr };
  expect(aws.leaks()).toEqual([]);
  // One embedded cloud at a time: the next session points the process's endpoints at its own.
  await aws.close();

  yandex = await openE2eHarness({ provider: 'yandex' });
  seedYandexRotatorIdentity(yandex.cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  const [yandexKey] = seedYandexServiceAccount(yandex.cloud, {
    serviceAccountId: SERVICE_ACCOUNT,
    keys: [{ ageDays: 20 }],
    managedSecret: { name: secretOf(SERVICE_ACCOUNT, 'yandex'), keyIndex: 0 },
  }).keyIds;
  exposedKeys.set(SERVICE_ACCOUNT, String(yandexKey));
  const rotated = await yandex.run(emergency(SERVICE_ACCOUNT), 'yandex-emergency');
  if (rotated.evidence) written.set(SERVICE_ACCOUNT, rotated.evidence);
}, 300_000);

afterAll(async () => {
  await yandex?.close();
});

describe('akr evidence --local over real emergency rotations', () => {
  it('rebuilds from the histories exactly the exposure fields the Record step wrote', () => {
    // Assess
    const { report } = ended;
    for (const principal of ['leaked', 'stuck']) {
      const record = written.get(principal);
      expect(record, principal).toBeDefined();
      expect(report.records.find((r) => r.rotationId === record?.rotationId)).toEqual(
        record && normalizeRecord(record),
      );
    }
    expect(written.get('leaked')).toMatchObject({
      emergency: true,
      retirementPolicy: 'EMERGENCY',
      revocation: 'DEACTIVATED',
      revokedAt: written.get('leaked')?.retiredAt,
    });
    expect(report.merge.conflicts).toEqual([]);
  });

  it('shows the AWS key revoked (Inactive) within the target, and the denied one NOT REVOKED, a high finding', () => {
    // Assess
    const { report, stderr } = ended;
    const incident = (principal: string) =>
      report.exposureResponse.incidents.find((i) => i.principal === principal);
    expect(incident('leaked')).toMatchObject({
      exposedKeyId: exposedKeys.get('leaked'),
      status: 'REVOKED',
      revocation: 'DEACTIVATED',
      rotationStatus: 'SUCCEEDED',
    });
    expect(incident('leaked')?.secondsToRevoke).toBeGreaterThan(0);
    expect(incident('leaked')?.secondsToRevoke).toBeLessThan(15 * 60);
    expect(incident('stuck')).toMatchObject({
      exposedKeyId: exposedKeys.get('stuck'),
      status: 'NOT_REVOKED',
      revokedAt: null,
      rotationStatus: 'FAILED',
    });
    expect(report.findings.filter((f) => f.controlId === 'EXPOSED-KEY-REVOKED')).toEqual([
      expect.objectContaining({ severity: 'high', principal: 'stuck', keyIds: [exposedKeys.get('stuck')] }),
    ]);
    expect(stderr).toContain(`NOT REVOKED: exposed key ${exposedKeys.get('stuck')} of aws/stuck`);
  });

  it('shows the rotation waiting its deletion delay as revoked already, with the key Inactive', () => {
    // Assess
    const incident = inFlight.exposureResponse.incidents.find((i) => i.principal === 'waiting');
    expect(incident).toMatchObject({
      status: 'REVOKED',
      revocation: 'DEACTIVATED',
      rotationStatus: 'RUNNING',
      exposedKeyId: exposedKeys.get('waiting'),
    });
    expect(Date.parse(incident?.revokedAt ?? '')).toBeGreaterThanOrEqual(waitingStartedAt);
    const keys = inFlight.inventory.find((p) => p.principal === 'waiting')?.keys ?? [];
    expect(keys.find((k) => k.keyId === exposedKeys.get('waiting'))?.status).toBe('Inactive');
    expect(inFlight.records.some((r) => r.rotationId === 'waiting-emergency')).toBe(false);
  });

  it('shows the Yandex key deleted, the only revocation a static key has', async () => {
    // Act
    const json = JSON.parse((await evidence(yandex, { format: 'json', provider: 'yandex' })).stdout);
    const markdown = (await evidence(yandex, { provider: 'yandex' })).stdout;

    // Assess
    expect(json.exposureResponse.incidents).toEqual([
      expect.objectContaining({
        provider: 'yandex',
        principal: SERVICE_ACCOUNT,
        exposedKeyId: exposedKeys.get(SERVICE_ACCOUNT),
        status: 'REVOKED',
        revocation: 'DELETED',
        awsAccount: null,
      }),
    ]);
    expect(written.get(SERVICE_ACCOUNT)).toMatchObject({
      revocation: 'DELETED',
      revokedAt: written.get(SERVICE_ACCOUNT)?.deletedAt,
      retiredAt: null,
    });
    expect(markdown).toContain("deleted (a Yandex static key's only revocation)");
    expect(yandex.leaks()).toEqual([]);
  });
});
