/**
 * The evidence archive: one S3 bucket the Record functions write each
 * rotation's evidence record to, because Step Functions keeps execution
 * history for 90 days and audits look back a year or more.
 *
 * Versioned (an overwrite keeps the earlier version), encrypted by default with
 * its own customer-managed KMS key (rotated yearly, bucket keys on to keep KMS
 * calls down), all public access blocked and TLS enforced. Object Lock is
 * optional (`akr:evidenceObjectLock`), and only possible when the bucket is
 * created: a deployed bucket cannot be switched to it later. Server access
 * logs go to a second bucket (S3-managed encryption: a log target cannot use
 * SSE-KMS), so every read of the evidence is on record too.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { EVIDENCE_KEY_PREFIX } from '../../lambdas/rotation/evidence-archive-key.ts';
import { acknowledgeWildcardResource } from './nag-acknowledgements.ts';

/** Object Lock's default retention for every archived record; `undefined` leaves Object Lock off. */
export interface EvidenceObjectLock {
  readonly mode: 'governance' | 'compliance';
  readonly days: number;
}

export interface EvidenceArchiveBucketProps {
  /** @default - no Object Lock */
  readonly objectLock?: EvidenceObjectLock;
}

export class EvidenceArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;
  /** `arn:…:s3:::<bucket>/evidence/*`: the only objects the Record functions may write. */
  readonly recordObjectsArn: string;

  constructor(scope: Construct, id: string, props: EvidenceArchiveBucketProps = {}) {
    super(scope, id);
    // Log delivery by bucket policy, not by the legacy LogDeliveryWrite ACL (which would need ACLs enabled).
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the evidence records archived by the access key rotator',
      enableKeyRotation: true,
    });
    const lock = props.objectLock;
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'evidence-archive/',
      // Evidence outlives the stack: deleting the stack must not delete the audit trail.
      removalPolicy: RemovalPolicy.RETAIN,
      ...(lock && {
        objectLockEnabled: true,
        objectLockDefaultRetention:
          lock.mode === 'compliance'
            ? s3.ObjectLockRetention.compliance(Duration.days(lock.days))
            : s3.ObjectLockRetention.governance(Duration.days(lock.days)),
      }),
    });
    this.recordObjectsArn = this.bucket.arnForObjects(`${EVIDENCE_KEY_PREFIX}*`);
  }

  /** `s3:PutObject` under `evidence/`, and the KMS data key S3 encrypts the object with. */
  grantWriteRecords(grantee: iam.IGrantable): void {
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal))
      acknowledgeWildcardResource(
        principal,
        this.recordObjectsArn,
        'One object per rotation under evidence/<provider>/<principal>/: keys are known only at run time.',
      );
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:PutObject'], resourceArns: [this.recordObjectsArn] });
    this.key.grant(grantee, 'kms:GenerateDataKey');
  }
}

/** `governance:<days>`, `compliance:<days>` or `off` (the `akr:evidenceObjectLock` context value). */
export function parseEvidenceObjectLock(
  raw: string | undefined,
  key: string,
): EvidenceObjectLock | undefined {
  if (raw === undefined || raw === 'off') return undefined;
  const match = /^(governance|compliance):(\d+)$/.exec(raw.trim());
  const days = Number(match?.[2]);
  if (!match || !Number.isInteger(days) || days < 1 || days > 36_500)
    throw new Error(`${key} must be governance:<days>, compliance:<days> or off, got "${raw}"`);
  return { mode: match[1] as EvidenceObjectLock['mode'], days };
}
