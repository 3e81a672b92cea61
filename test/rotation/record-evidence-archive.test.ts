import { describe, expect, it } from 'vitest';
import { evidenceObjectKey } from '../../lambdas/rotation/evidence-archive-key.ts';
import { recordEvidence } from '../../lambdas/rotation/record-evidence.ts';
import { TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import { serviceError } from '../support/in-memory-ports.ts';
import {
  LOCK_ID,
  managedScenario,
  PRINCIPAL,
  ROTATION_ID,
  runUntil,
  SECRET_NAME,
} from './rotation-fixtures.ts';

const KEY = `evidence/aws/${PRINCIPAL}/${ROTATION_ID}.json`;

describe('recordEvidence archives the record', () => {
  it('writes the record once per rotation, under evidence/<provider>/<principal>/<rotationId>.json', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    // Act
    const record = await recordEvidence(state, world.ports);
    // Assess
    expect(evidenceObjectKey(record)).toBe(KEY);
    expect([...world.archive.objects.keys()]).toEqual([KEY]);
    expect(world.archive.writes.get(KEY)).toBe(1);
    expect(world.archive.records()).toEqual([record]);
  });

  it('writes after the lock is released', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    world.log.clear();
    await recordEvidence(state, world.ports);
    const names = world.log.names({ mutatingOnly: true });
    expect(names.indexOf('archive.put')).toBeGreaterThan(names.indexOf('lock.release'));
  });

  it('archives failed and rolled-back rotations too', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'plan');
    const record = await recordEvidence({ ...state, failure: { Error: 'TwoActiveKeysError' } }, world.ports);
    expect(world.archive.records()).toEqual([record]);
    expect(record.status).toBe('ROLLED_BACK');
  });

  it('overwrites the same key on a retry, leaving one object with the same content', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    const first = await recordEvidence(state, world.ports);
    const body = world.archive.objects.get(KEY);
    const second = await recordEvidence(state, world.ports);
    expect(second).toEqual(first);
    expect(world.archive.objects.size).toBe(1);
    expect(world.archive.objects.get(KEY)).toBe(body);
    expect(world.archive.writes.get(KEY)).toBe(2);
  });

  it('fails with a TransientError when the archive cannot be written, and the retry archives it', async () => {
    // Prepare
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    world.log.failNext('archive.put', 'before', serviceError('ServiceUnavailable', 'S3 is down'));
    // Act
    const failed = recordEvidence(state, world.ports);
    // Assess
    await expect(failed).rejects.toBeInstanceOf(TransientError);
    await expect(failed).rejects.toThrow(/ServiceUnavailable/);
    expect(world.lock.holders.has(LOCK_ID)).toBe(false);
    expect(world.archive.objects.size).toBe(0);
    await recordEvidence(state, world.ports);
    expect([...world.archive.objects.keys()]).toEqual([KEY]);
  });

  it('keeps a TransientError from the adapter as it is', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    const transient = new TransientError('S3 PutObject failed with SlowDown; safe to retry');
    world.log.failNext('archive.put', 'before', transient);
    await expect(recordEvidence(state, world.ports)).rejects.toBe(transient);
  });

  it('archives ids and timestamps only: no secret of the new key', async () => {
    const { world } = managedScenario();
    const state = await runUntil(world, 'deleted');
    await recordEvidence(state, world.ports);
    const current = await world.ports.secrets.readCredential(SECRET_NAME, { stage: 'AWSCURRENT' });
    const body = world.archive.objects.get(KEY) ?? '';
    expect(current?.SecretAccessKey).toBeTruthy();
    expect(body).not.toContain(current?.SecretAccessKey);
    expect(body).not.toMatch(/secret/i);
  });
});
