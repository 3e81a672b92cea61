/**
 * The evidence archive bucket: versioned, encrypted with its own rotating
 * customer-managed key, closed to the public, TLS only, access-logged and
 * kept when the stack goes; Object Lock from context; and only the Record
 * functions may write to it, under `evidence/` alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEvidenceObjectLock } from '../../lib/platform/evidence-archive-bucket.ts';
import {
  actionsOf,
  arnOf,
  providerResources,
  renderIntrinsics,
  resourcesOfType,
  roleIdOf,
  roleStatements,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

let synthesized: SynthesizedRotator;
let bucketId: string;
let bucket: TemplateResource & { DeletionPolicy?: string };
let keyId: string;

const idStartingWith = (type: string, prefix: string, from = synthesized) =>
  resourcesOfType(from.resources, type).find(([id]) => id.startsWith(prefix))?.[0] ?? '';

beforeAll(() => {
  synthesized = synthesizeRotator();
  bucketId = idStartingWith('AWS::S3::Bucket', 'EvidenceArchiveBucket');
  bucket = synthesized.resources[bucketId] as TemplateResource & { DeletionPolicy?: string };
  keyId = idStartingWith('AWS::KMS::Key', 'EvidenceArchiveKey');
});

describe('evidence archive bucket', () => {
  it('is versioned, KMS-encrypted with its own rotating key, public access blocked, and retained', () => {
    expect(renderIntrinsics(bucket.Properties)).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(keyId) },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(bucket.Properties).not.toHaveProperty('ObjectLockEnabled');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(synthesized.resources[keyId]?.Properties).toMatchObject({ EnableKeyRotation: true });
  });

  it('logs server access to a separate bucket', () => {
    const logsId = idStartingWith('AWS::S3::Bucket', 'EvidenceArchiveAccessLogs');
    expect(logsId).not.toBe('');
    expect(renderIntrinsics(bucket.Properties.LoggingConfiguration)).toEqual({
      DestinationBucketName: `<${logsId}>`,
      LogFilePrefix: 'evidence-archive/',
    });
  });

  it('refuses any request without TLS', () => {
    const policies = resourcesOfType(synthesized.resources, 'AWS::S3::BucketPolicy').filter(
      ([, policy]) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    );
    const statements = policies.flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('outputs the bucket name', () => {
    expect(renderIntrinsics(synthesized.outputs.EvidenceBucketName)).toEqual({ Value: `<${bucketId}>` });
  });

  it.each(['aws', 'yandex'] as const)(
    'lets only the %s Record function put objects, under evidence/, with the bucket key',
    (provider) => {
      for (const [id, fn] of providerResources(synthesized.resources, 'AWS::Lambda::Function', provider)) {
        const statements = roleStatements(synthesized.resources, roleIdOf(fn));
        // The fleet functions' grants on their work bucket are fleet-work-bucket.test.ts's.
        const s3 = statements.filter(
          (statement) =>
            actionsOf(statement).some((a) => a.startsWith('s3:')) &&
            String(statement.Resource).includes(arnOf(bucketId)),
        );
        const evidenceKey = statements.filter((statement) => statement.Resource === arnOf(keyId));
        if (fn.Metadata?.['akr:entry'] !== 'lambdas/handlers/record.ts') {
          expect(s3, id).toEqual([]);
          expect(evidenceKey, id).toEqual([]);
          continue;
        }
        expect(s3.map((s) => [actionsOf(s), s.Resource])).toEqual([
          [['s3:PutObject'], `${arnOf(bucketId)}/evidence/*`],
        ]);
        expect(evidenceKey.flatMap(actionsOf)).toEqual(['kms:GenerateDataKey']);
      }
    },
  );
});

describe('evidence archive Object Lock', () => {
  it('sets the default retention from akr:evidenceObjectLock', () => {
    const locked = synthesizeRotator({ 'akr:evidenceObjectLock': 'compliance:400' });
    const id = idStartingWith('AWS::S3::Bucket', 'EvidenceArchiveBucket', locked);
    expect(locked.resources[id]?.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
      },
    });
  });

  it('parses governance, compliance and off, and refuses anything else', () => {
    expect(parseEvidenceObjectLock('governance:30', 'k')).toEqual({ mode: 'governance', days: 30 });
    expect(parseEvidenceObjectLock('compliance:365', 'k')).toEqual({ mode: 'compliance', days: 365 });
    expect(parseEvidenceObjectLock('off', 'k')).toBeUndefined();
    expect(parseEvidenceObjectLock(undefined, 'k')).toBeUndefined();
    for (const bad of ['governance', 'compliance:0', 'legal:30', 'governance:-1', 'on'])
      expect(() => parseEvidenceObjectLock(bad, 'akr:evidenceObjectLock'), bad).toThrow(
        /akr:evidenceObjectLock must be/,
      );
  });
});
