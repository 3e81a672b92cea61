import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_SNAPSHOT_FILE_NAME, readPersistedCloudState, startLocalCloud } from '../src/index.ts';
import {
  type Credentials,
  clientConfig,
  rejectionOf,
  startTestCloud,
  type TestCloud,
  tempStateDir,
} from './local-cloud-fixture.ts';

const s3Of = (t: TestCloud, credentials?: Credentials) =>
  new S3Client({ ...clientConfig(t.cloud, credentials), forcePathStyle: true });

describe('local cloud S3', () => {
  const open: TestCloud[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  async function cloud(stateDir?: string): Promise<TestCloud> {
    const t = await startTestCloud(stateDir ? { stateDir } : {});
    open.push(t);
    return t;
  }

  it('creates a bucket, puts, gets and heads, with the real S3 client', async () => {
    // Prepare
    const t = await cloud();
    const s3 = s3Of(t);
    // Act
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence-bucket-ab12' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'evidence-bucket-ab12' }));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'evidence-bucket-ab12',
        Key: 'evidence/aws/alice/r 1.json',
        Body: '{"a":1}',
        ContentType: 'application/json',
      }),
    );
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'evidence-bucket-ab12', Key: 'evidence/aws/alice/r 1.json' }),
    );
    // Assess
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await got.Body?.transformToString()).toBe('{"a":1}');
    expect(got.ContentType).toBe('application/json');
    expect(t.cloud.s3.objects('evidence-bucket-ab12')).toEqual([
      expect.objectContaining({ key: 'evidence/aws/alice/r 1.json', body: '{"a":1}', size: 7 }),
    ]);
  });

  it('answers NoSuchBucket, NoSuchKey and a HEAD of a missing bucket as S3 does', async () => {
    const t = await cloud();
    const s3 = s3Of(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'bucket-1' }));
    expect(
      await rejectionOf(s3.send(new PutObjectCommand({ Bucket: 'nope', Key: 'k', Body: 'x' }))),
    ).toMatchObject({
      name: 'NoSuchBucket',
      status: 404,
    });
    expect(
      await rejectionOf(s3.send(new GetObjectCommand({ Bucket: 'bucket-1', Key: 'missing' }))),
    ).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(await rejectionOf(s3.send(new HeadBucketCommand({ Bucket: 'nope' })))).toMatchObject({
      status: 404,
    });
    expect(await rejectionOf(s3.send(new CreateBucketCommand({ Bucket: 'bucket-1' })))).toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      status: 409,
    });
  });

  it('lists by prefix, one page at a time with a continuation token', async () => {
    const t = await cloud();
    const s3 = s3Of(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'bucket-1' }));
    for (const key of ['evidence/aws/a/1.json', 'evidence/aws/b/2.json', 'evidence/yandex/c/3.json', 'other'])
      await s3.send(new PutObjectCommand({ Bucket: 'bucket-1', Key: key, Body: key }));
    const first = await s3.send(
      new ListObjectsV2Command({ Bucket: 'bucket-1', Prefix: 'evidence/', MaxKeys: 2 }),
    );
    expect(first.Contents?.map((o) => o.Key)).toEqual(['evidence/aws/a/1.json', 'evidence/aws/b/2.json']);
    expect(first.IsTruncated).toBe(true);
    expect(first.KeyCount).toBe(2);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'bucket-1',
        Prefix: 'evidence/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((o) => o.Key)).toEqual(['evidence/yandex/c/3.json']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Contents?.[0]?.Size).toBe('evidence/yandex/c/3.json'.length);
    const none = await s3.send(new ListObjectsV2Command({ Bucket: 'bucket-1', Prefix: 'nothing/' }));
    expect(none.Contents ?? []).toEqual([]);
    expect(await rejectionOf(s3.send(new ListObjectsV2Command({ Bucket: 'nope' })))).toMatchObject({
      name: 'NoSuchBucket',
    });
  });

  it('verifies the signature of a key issued by local IAM, and refuses an unknown key', async () => {
    const t = await cloud();
    await t.iam.send(new CreateUserCommand({ UserName: 'writer' }));
    const { AccessKey } = await t.iam.send(new CreateAccessKeyCommand({ UserName: 'writer' }));
    const issued = {
      accessKeyId: AccessKey?.AccessKeyId ?? '',
      secretAccessKey: AccessKey?.SecretAccessKey ?? '',
    };
    await s3Of(t).send(new CreateBucketCommand({ Bucket: 'bucket-1' }));
    await s3Of(t, issued).send(new PutObjectCommand({ Bucket: 'bucket-1', Key: 'k', Body: 'signed' }));
    expect(t.cloud.s3.objects('bucket-1').map((o) => o.body)).toEqual(['signed']);
    const forged = s3Of(t, { ...issued, secretAccessKey: 'wrong' });
    expect(
      await rejectionOf(forged.send(new PutObjectCommand({ Bucket: 'bucket-1', Key: 'k', Body: 'x' }))),
    ).toMatchObject({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
    const unknown = s3Of(t, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' });
    expect(await rejectionOf(unknown.send(new ListObjectsV2Command({ Bucket: 'bucket-1' })))).toMatchObject({
      name: 'InvalidAccessKeyId',
      status: 403,
    });
    expect(t.cloud.iam.findAccessKey(issued.accessKeyId)?.lastUsed?.serviceName).toBe('s3');
  });

  it('keeps buckets and objects in the state, and loads a file written before S3 existed', async () => {
    const stateDir = tempStateDir();
    try {
      const first = await cloud(stateDir);
      await s3Of(first).send(new CreateBucketCommand({ Bucket: 'bucket-1' }));
      await s3Of(first).send(new PutObjectCommand({ Bucket: 'bucket-1', Key: 'k', Body: 'kept' }));
      const second = await cloud(stateDir);
      expect(second.cloud.s3.objects('bucket-1').map((o) => o.body)).toEqual(['kept']);

      // As an older version wrote it, in a dir of its own: no S3 section, and no journal generation.
      const { s3: _dropped, ...older } = readPersistedCloudState(stateDir);
      const olderDir = tempStateDir();
      writeFileSync(join(olderDir, LEGACY_SNAPSHOT_FILE_NAME), JSON.stringify(older));
      const legacy = await startLocalCloud({ stateDir: olderDir });
      try {
        expect(legacy.s3.bucketNames()).toEqual([]);
        legacy.s3.createBucket('fresh');
        expect(legacy.s3.bucketNames()).toEqual(['fresh']);
      } finally {
        await legacy.close();
        rmSync(olderDir, { recursive: true, force: true });
      }
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
