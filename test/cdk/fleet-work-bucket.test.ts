/**
 * The fleet's work bucket: S3-encrypted, closed to the public, TLS only,
 * access-logged to the archive's log bucket, every object expired after 30
 * days; named to Discover and Summarize (and to no other function) by
 * AKR_FLEET_WORK_BUCKET, and the bucket both nested Maps read and write.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  providerResources,
  renderIntrinsics,
  renderStateMachine,
  resourcesOfType,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

let synthesized: SynthesizedRotator;
let bucketId: string;
let bucket: TemplateResource & { DeletionPolicy?: string };

const idStartingWith = (type: string, prefix: string) =>
  resourcesOfType(synthesized.resources, type).find(([id]) => id.startsWith(prefix))?.[0] ?? '';

beforeAll(() => {
  synthesized = synthesizeRotator();
  bucketId = idStartingWith('AWS::S3::Bucket', 'FleetWorkBucket');
  bucket = synthesized.resources[bucketId] as TemplateResource & { DeletionPolicy?: string };
});

describe('fleet work bucket', () => {
  it('is encrypted, public access blocked, logged to the access-log bucket, and expires objects after 30 days', () => {
    expect(bucketId).not.toBe('');
    expect(renderIntrinsics(bucket.Properties)).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: `<${idStartingWith('AWS::S3::Bucket', 'EvidenceArchiveAccessLogs')}>`,
        LogFilePrefix: 'fleet-work/',
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Status: 'Enabled',
            ExpirationInDays: 30,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  it('refuses any request without TLS', () => {
    const statements = resourcesOfType(synthesized.resources, 'AWS::S3::BucketPolicy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('is named to Discover and Summarize of each provider, and to no other function', () => {
    const named = resourcesOfType(synthesized.resources, 'AWS::Lambda::Function').filter(([, fn]) =>
      JSON.stringify(
        (fn.Properties.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {},
      ).includes('AKR_FLEET_WORK_BUCKET'),
    );
    expect(named.map(([, fn]) => String(fn.Metadata?.['akr:entry'])).sort()).toEqual([
      'lambdas/handlers/fleet-discover.ts',
      'lambdas/handlers/fleet-discover.ts',
      'lambdas/handlers/fleet-summarize.ts',
      'lambdas/handlers/fleet-summarize.ts',
    ]);
    for (const [, fn] of named)
      expect(
        (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.AKR_FLEET_WORK_BUCKET,
      ).toEqual({
        Ref: bucketId,
      });
    expect(providerResources(synthesized.resources, 'AWS::Lambda::Function', 'aws').length).toBeGreaterThan(
      2,
    );
  });

  it('is the bucket both nested Maps read their items from and write their results to', () => {
    const text = JSON.stringify(renderStateMachine(synthesized.resources, 'aws', 'fleet').definition);
    const buckets = [...text.matchAll(/"Bucket":"([^"]+)"/g)].map((match) => match[1]);
    expect(buckets).toEqual(Array(4).fill(`<${bucketId}>`));
  });
});
