/**
 * Every bucket the local runner creates has a name real S3 accepts (lowercase,
 * 3–63 characters, S3's alphabet), and `Ref` of the bucket resolves to that
 * same name, so the Record step writes to the bucket that was provisioned.
 */

import {
  isValidBucketName,
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRotatorApp } from '../../lib/rotator-app.ts';
import { localBucketName } from '../../local/workflow/local-bucket-name.ts';
import { provisionBuckets } from '../../local/workflow/provision-buckets.ts';
import { type CfnTemplate, resolveIntrinsics } from '../../local/workflow/template-intrinsics.ts';

const ACCOUNT = { partition: 'aws', region: 'us-east-1', accountId: '000000000000' };
const ENV = ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

describe('local bucket names', () => {
  let cloud: LocalCloud;
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    cloud = await startLocalCloud({ persist: false });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: cloud.endpoint,
      AWS_REGION: cloud.region,
      AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
    });
  });
  afterAll(async () => {
    for (const name of ENV)
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    await cloud.close();
  });

  it('provisions each bucket of the synthesized template under a name S3 accepts, the one Ref resolves to', async () => {
    // Prepare
    const { app, stack } = createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
    const bucketIds = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::S3::Bucket')
      .map(([id]) => id);
    // Act
    const provisioned = await provisionBuckets(template);
    // Assess
    expect(bucketIds.length).toBeGreaterThan(0);
    expect(bucketIds.some((id) => /[A-Z]/.test(id))).toBe(true);
    expect(cloud.s3.bucketNames()).toEqual([...provisioned].sort());
    for (const name of provisioned) {
      expect(name).toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
      expect(isValidBucketName(name)).toBe(true);
    }
    for (const id of bucketIds)
      expect(provisioned).toContain(resolveIntrinsics({ Ref: id }, template, ACCOUNT));
  });

  it('cuts a long logical id to 63 characters and pads a short one to 3', () => {
    const long = `Nested${'Construct'.repeat(10)}BucketA1B2C3D4`;

    expect(localBucketName(long)).toHaveLength(63);
    expect(isValidBucketName(localBucketName(long))).toBe(true);
    expect(isValidBucketName(localBucketName('B'))).toBe(true);
    expect(localBucketName('EvidenceArchiveBucket7A2B')).toBe('evidencearchivebucket7a2b');
  });
});
