/**
 * The Record step archives each rotation's evidence record: run locally, the
 * record lands in the template's evidence bucket on the embedded cloud, at
 * `evidence/<provider>/<principal>/<rotationId>.json`, identical to the
 * execution's output, with no secret in any archived object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceObjectKey } from '../../lambdas/rotation/evidence-archive-key.ts';
import { type E2eHarness, openE2eHarness } from './support/e2e-harness.ts';

const FAST = { gracePeriodSeconds: 1, deletionDelaySeconds: 1 };
let harness: E2eHarness;
let bucket: string;

beforeAll(async () => {
  harness = await openE2eHarness();
  bucket = harness.cloud.s3.bucketNames().find((name) => name.startsWith('evidencearchivebucket')) ?? '';
});
afterAll(() => harness.close());

describe('evidence archive, end to end on the local cloud', () => {
  it('provisions the template evidence bucket locally', () => {
    expect(bucket).not.toBe('');
  });

  it('archives the record of a rotation once, under its key, equal to the execution output', async () => {
    // Prepare
    harness.seed({ userName: 'carol', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    // Act
    const { execution, evidence } = await harness.run({ principal: 'carol', ...FAST });
    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    if (!evidence) throw new Error('the rotation produced no evidence record');
    const objects = harness.cloud.s3.objects(bucket);
    expect(objects.map((object) => object.key)).toEqual([evidenceObjectKey(evidence)]);
    expect(objects[0]?.key).toBe(`evidence/aws/carol/${evidence.rotationId}.json`);
    expect(objects[0]?.contentType).toBe('application/json');
    expect(JSON.parse(objects[0]?.body ?? 'null')).toEqual(evidence);
  });

  it('archives a rolled-back rotation too, beside the first', async () => {
    // Prepare
    harness.seed({ userName: 'dave', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    harness.cloud.injectFault({
      service: 'iam',
      action: 'CreateAccessKey',
      error: { code: 'AccessDenied', message: 'denied for this principal', status: 403 },
    });
    // Act
    const { execution } = await harness.run({ principal: 'dave', ...FAST });
    harness.cloud.clearFaults();
    // Assess
    expect(execution.status).toBe('FAILED');
    const objects = harness.cloud.s3.objects(bucket);
    expect(objects).toHaveLength(2);
    const dave = objects.filter((object) => object.key.startsWith('evidence/aws/dave/'));
    expect(dave).toHaveLength(1);
    expect(JSON.parse(dave[0]?.body ?? 'null')).toMatchObject({
      principal: 'dave',
      status: 'ROLLED_BACK',
      newKeyId: null,
      failure: { error: expect.any(String) },
    });
  });

  it('holds no secret in any archived object', () => {
    const bodies = harness.cloud.s3.objects(bucket).map((object) => object.body);
    expect(bodies.length).toBeGreaterThan(0);
    expect(harness.leaks(bodies)).toEqual([]);
    for (const body of bodies) expect(body).not.toMatch(/SecretAccessKey|secret/i);
  });
});
