/**
 * `akr evidence --local --provider yandex`: the Yandex rotation's record from
 * its history, and the service accounts' static keys read through the Yandex
 * IAM REST client, signed in with the rotator's authorized key. Neither the
 * keys' secrets nor the authorized key may reach any format.
 */

import { seedYandexRotatorIdentity, seedYandexServiceAccount } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceOptions, evidenceCommand } from '../../cli/commands/evidence-command.ts';
import { withExposureDefaults } from '../../evidence/model/evidence-fields.ts';
import type { EvidenceReport } from '../../evidence/model/evidence-report.ts';
import { DEFAULT_SETTINGS } from '../../lambdas/config/environment.ts';
import { FLEET_ENV } from '../../lambdas/config/fleet-environment.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import { type E2eHarness, openE2eHarness, secretOf } from '../e2e/support/e2e-harness.ts';

const ROTATED = 'ajeevidencerotated01';
const IDLE = 'ajeevidenceidleacct1';
let harness: E2eHarness;
let written: EvidenceRecord | undefined;

async function evidence(options: Partial<EvidenceOptions>) {
  const lines: string[] = [];
  const errors: string[] = [];
  const output = { line: (text: string) => lines.push(text), error: (text: string) => errors.push(text) };
  const code = await evidenceCommand(
    { local: true, provider: 'yandex', stateDir: harness.stateDir, ...options },
    output,
  );
  return { code, stdout: lines.join('\n'), stderr: errors.join('\n') };
}

beforeAll(async () => {
  harness = await openE2eHarness({ provider: 'yandex' });
  seedYandexRotatorIdentity(harness.cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  for (const [serviceAccountId, ageDays] of [
    [ROTATED, 120],
    [IDLE, 95],
  ] as const)
    seedYandexServiceAccount(harness.cloud, {
      serviceAccountId,
      keys: [{ ageDays, description: 'used by the backup job' }],
      managedSecret: { name: secretOf(serviceAccountId, 'yandex'), keyIndex: 0 },
    });
  written = (
    await harness.run({ principal: ROTATED, gracePeriodSeconds: 1, deletionDelaySeconds: 1 }, 'yc-evidence-1')
  ).evidence;
  // The idle account is in scope only because the fleet is configured with it.
  process.env[FLEET_ENV.yandexServiceAccounts] = IDLE;
}, 240_000);

afterAll(async () => {
  delete process.env[FLEET_ENV.yandexServiceAccounts];
  await harness?.close();
});

describe('akr evidence --local --provider yandex', () => {
  it('rebuilds the Yandex record and reads both accounts keys through the Yandex API', async () => {
    const { code, stdout } = await evidence({ format: 'json' });

    const report = JSON.parse(stdout) as EvidenceReport;
    expect(code).toBe(0);
    expect(written?.status).toBe('SUCCEEDED');
    // A record without the exposure fields reads with their defaults; one with them, as written.
    expect(report.records).toEqual([written && withExposureDefaults(written)]);
    const keys = Object.fromEntries(
      report.inventory.map((p) => [p.principal, p.keys.map((k) => [k.keyId, k.classification])]),
    );
    expect(keys).toEqual({
      [ROTATED]: [[written?.newKeyId, 'compliant']],
      [IDLE]: [[expect.stringMatching(/^YC/), 'non-compliant']],
    });
    expect(report.inventory.every((p) => p.provider === 'yandex')).toBe(true);
  });

  it('no format holds a key secret or the authorized key', async () => {
    const texts: string[] = [];

    for (const format of ['md', 'html', 'json', 'csv']) {
      const { code, stdout, stderr } = await evidence({ format });
      expect(code).toBe(0);
      texts.push(stdout, stderr);
    }

    expect(harness.monitor.secrets().size).toBeGreaterThan(3);
    expect(harness.leaks(texts)).toEqual([]);
  });
});
