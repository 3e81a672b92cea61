/**
 * The fleet's work bucket: a run's due items (Discover writes them, the
 * Distributed Maps read them with ItemReader), the Maps' results (their
 * ResultWriter) and the run's full results (Summarize). They are in S3, not
 * in the state, so a fleet has no size ceiling (a state carries 256 KiB).
 *
 * Only principal names, execution names and outcomes, never key material:
 * S3-managed encryption, all public access blocked, TLS enforced, and every
 * object expired after 30 days (the execution history, which keeps 90, and
 * the evidence archive are the record; these are working files). Server
 * access logs go to the evidence archive's log bucket.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './nag-acknowledgements.ts';

export const FLEET_WORK_EXPIRATION = Duration.days(30);

/** Discover's and Summarize's objects (`fleet/<provider>/<run>/…`), and the Maps' results. */
export const FLEET_WORK_PREFIXES = { runs: 'fleet/', results: 'fleet-results/' } as const;

export interface FleetWorkBucketProps {
  /** Where S3 server access logs go. */
  readonly accessLogs: s3.IBucket;
}

export class FleetWorkBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: FleetWorkBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'fleet-work/',
      lifecycleRules: [
        { expiration: FLEET_WORK_EXPIRATION, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // A stack deletion would fail on a non-empty bucket; the lifecycle rule empties it within 30 days.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private objectsArn(prefix: string): string {
    return this.bucket.arnForObjects(`${prefix}*`);
  }

  private grant(
    grantee: iam.IGrantable,
    actions: string[],
    prefixes: readonly string[],
    reason: string,
  ): void {
    const resourceArns = prefixes.map((prefix) => this.objectsArn(prefix));
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal))
      for (const arn of resourceArns) acknowledgeWildcardResource(principal, arn, reason);
    iam.Grant.addToPrincipal({ grantee, actions, resourceArns });
  }

  /** Discover: puts a run's due items, accounts manifest and discovery under `fleet/`. */
  grantWriteRuns(grantee: iam.IGrantable): void {
    this.grant(grantee, ['s3:PutObject'], [FLEET_WORK_PREFIXES.runs], RUN_OBJECTS_REASON);
  }

  /** Summarize: reads the run and the Maps' results, puts `results.json` under `fleet/`. */
  grantSummarize(grantee: iam.IGrantable): void {
    this.grant(
      grantee,
      ['s3:GetObject'],
      [FLEET_WORK_PREFIXES.runs, FLEET_WORK_PREFIXES.results],
      RUN_OBJECTS_REASON,
    );
    this.grant(grantee, ['s3:PutObject'], [FLEET_WORK_PREFIXES.runs], RUN_OBJECTS_REASON);
  }
}

const RUN_OBJECTS_REASON =
  'One object set per fleet run, under fleet/<provider>/<execution>/ and fleet-results/<map run>/: keys are known only at run time.';
