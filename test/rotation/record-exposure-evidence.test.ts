/**
 * The exposure fields of the evidence record: whether it was an emergency,
 * the retirement policy, when the exposure was reported, and when and how the
 * old key stopped working (AWS: Inactive at RetireOldKey; Yandex: deleted,
 * since a retired Yandex key still signs).
 */
import { describe, expect, it } from 'vitest';
import { checkOldKeyUse } from '../../lambdas/rotation/check-old-key-use.ts';
import { deleteOldKey } from '../../lambdas/rotation/delete-old-key.ts';
import { buildEvidenceRecord } from '../../lambdas/rotation/record-evidence.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { createInMemoryPorts, START } from '../support/in-memory-ports.ts';
import {
  INITIAL_VERSION,
  keylessScenario,
  managedScenario,
  PRINCIPAL,
  runUntil,
} from './rotation-fixtures.ts';

const SERVICE_ACCOUNT = 'ajeserviceaccount1';

function yandexWorld() {
  const world = createInMemoryPorts({ settings: { provider: 'yandex' } });
  world.iam.addUser(SERVICE_ACCOUNT);
  const oldKey = world.iam.addKey(SERVICE_ACCOUNT);
  world.secrets.seed(`access-key-rotator/yandex/${SERVICE_ACCOUNT}`, INITIAL_VERSION, {
    Version: 1,
    AccessKeyId: oldKey.keyId,
    SecretAccessKey: oldKey.secretAccessKey,
  });
  return { world, oldKey };
}

describe('buildEvidenceRecord: exposure fields', () => {
  it('AWS emergency: revoked when RetireOldKey deactivated the key, policy EMERGENCY', async () => {
    const { world, oldKey } = managedScenario();
    const reported = '2029-12-31T23:55:00Z';
    const state = await runUntil(world, 'deleted', {
      accessKeyId: oldKey.keyId,
      emergency: true,
      exposureReportedAt: reported,
    });
    expect(buildEvidenceRecord(state)).toMatchObject({
      emergency: true,
      retirementPolicy: 'EMERGENCY',
      exposureReportedAt: reported,
      revokedAt: state.retired?.retiredAt,
      revocation: 'DEACTIVATED',
    });
  });

  it('AWS emergency without a report time dates the exposure at the start', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'retired', { principal: PRINCIPAL, emergency: true });
    expect(buildEvidenceRecord(state).exposureReportedAt).toBe(START);
  });

  it('Yandex emergency: revoked when the key was deleted, right after CheckOldKeyUse', async () => {
    const { world } = yandexWorld();
    const published = await runUntil(world, 'published', { principal: SERVICE_ACCOUNT, emergency: true });
    const usage = await checkOldKeyUse(published, world.ports);
    const state: RotationState = { ...published, usage };
    const deleted = await deleteOldKey(state, world.ports);
    expect(buildEvidenceRecord({ ...state, deleted })).toMatchObject({
      emergency: true,
      retirementPolicy: 'EMERGENCY',
      retiredAt: null,
      revokedAt: deleted.deletedAt,
      revocation: 'DELETED',
    });
  });

  it('Yandex normal rotation: a retired key still signs, so it is revoked only when deleted', async () => {
    const { world } = yandexWorld();
    const retired = await runUntil(world, 'retired', { principal: SERVICE_ACCOUNT });
    expect(buildEvidenceRecord(retired)).toMatchObject({ revokedAt: null, revocation: null });
    const deleted = await runUntil(yandexWorld().world, 'deleted', { principal: SERVICE_ACCOUNT });
    expect(buildEvidenceRecord(deleted)).toMatchObject({
      emergency: false,
      retirementPolicy: 'defer',
      exposureReportedAt: null,
      revokedAt: deleted.deleted?.deletedAt,
      revocation: 'DELETED',
    });
  });

  it('says nothing was revoked when the run stopped before RetireOldKey, or had no old key', async () => {
    const { world } = managedScenario();
    const published = await runUntil(world, 'usage', { principal: PRINCIPAL, emergency: true });
    expect(buildEvidenceRecord(published)).toMatchObject({ revokedAt: null, revocation: null });
    const keyless = await runUntil(keylessScenario().world, 'usage', {
      principal: PRINCIPAL,
      emergency: true,
    });
    expect(buildEvidenceRecord(keyless)).toMatchObject({ revokedAt: null, revocation: null });
  });

  it('writes a plan from before these fields (a run in flight at deploy) as records were written then', async () => {
    const { world } = managedScenario({ oldKeyInUsePolicy: 'alert' });
    const state = await runUntil(world, 'retired');
    const { emergency: _e, exposureReportedAt: _x, emergencyRevocation: _r, ...olderPlan } = state.plan;
    const { policy: _p, ...olderUsage } = state.usage ?? { policy: 'alert' };
    const older = { ...state, plan: olderPlan, usage: olderUsage } as unknown as RotationState;
    const record = buildEvidenceRecord(older);
    for (const field of ['emergency', 'retirementPolicy', 'exposureReportedAt', 'revokedAt', 'revocation'])
      expect(record).not.toHaveProperty(field);
    expect(record.retiredAt).toBe(state.retired?.retiredAt);
  });

  it('falls back to the plan policy for a usage written before it named one', async () => {
    const { world } = managedScenario({ oldKeyInUsePolicy: 'alert' });
    const state = await runUntil(world, 'retired');
    const { policy: _p, ...olderUsage } = state.usage ?? { policy: 'alert' };
    const older = { ...state, usage: olderUsage } as unknown as RotationState;
    expect(buildEvidenceRecord(older).retirementPolicy).toBe('alert');
  });
});
