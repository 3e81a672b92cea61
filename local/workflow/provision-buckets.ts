/**
 * Creates the S3 buckets the template declares on the local endpoint, named
 * from their logical id (as `Ref` of an AWS::S3::Bucket resolves locally:
 * local-bucket-name.ts), so the
 * Record step's archive write reaches a bucket as it would in a deployment.
 * Buckets that exist are kept with their objects. Each call is bounded (see
 * call-timeouts.ts): a hung endpoint fails naming it.
 */
import { BucketAlreadyOwnedByYou, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { s3ClientOptions } from '../../lambdas/adapters/aws/s3-evidence-archive.ts';
import { callAws } from '../../lambdas/adapters/aws/transient-errors.ts';
import { localBucketName } from './local-bucket-name.ts';
import type { CfnTemplate } from './template-intrinsics.ts';

export async function provisionBuckets(template: CfnTemplate): Promise<string[]> {
  const buckets = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::S3::Bucket')
    .map(([logicalId]) => localBucketName(logicalId));
  if (buckets.length === 0) return [];
  // Path-style for the same reason as the adapter: a loopback endpoint has no per-bucket host names.
  const client = new S3Client({ ...s3ClientOptions(), requestHandler: boundedRequestHandler() });
  try {
    for (const bucket of buckets) {
      try {
        await callAws('S3 CreateBucket', () => client.send(new CreateBucketCommand({ Bucket: bucket })));
      } catch (error) {
        if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
      }
    }
  } finally {
    client.destroy();
  }
  return buckets;
}
