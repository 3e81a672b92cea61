/**
 * The S3 calls people try first, through the real S3 client: ListBuckets (an
 * AWS-signed `GET /`, which must reach S3 and not Yandex's storage check),
 * HeadObject, ListObjectsV2 with a delimiter, bucket names S3 would refuse,
 * and an operation the local cloud does not emulate.
 */
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Credentials,
  clientConfig,
  rejectionOf,
  startTestCloud,
  type TestCloud,
} from './local-cloud-fixture.ts';

describe('local S3 buckets, HeadObject and listing', () => {
  let t: TestCloud;
  let s3: S3Client;
  const clients: S3Client[] = [];
  const s3As = (credentials?: Credentials) => {
    const client = new S3Client({ ...clientConfig(t.cloud, credentials), forcePathStyle: true });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    t = await startTestCloud();
    s3 = s3As();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await t.close();
  });

  it('answers an AWS-signed GET / with ListBuckets from S3, not the Yandex storage check', async () => {
    // Prepare
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence-b' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence-a' }));
    const user = await t.iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const key = await t.iam.send(new CreateAccessKeyCommand({ UserName: user.User?.UserName }));
    // Act
    const listed = await s3.send(new ListBucketsCommand({}));
    const asUser = await s3As({
      accessKeyId: key.AccessKey?.AccessKeyId ?? '',
      secretAccessKey: key.AccessKey?.SecretAccessKey ?? '',
    }).send(new ListBucketsCommand({}));
    // Assess
    expect(listed.Buckets?.map((bucket) => bucket.Name)).toEqual(['evidence-a', 'evidence-b']);
    expect(listed.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(listed.Owner?.ID).toBe('000000000000');
    expect(asUser.Buckets).toHaveLength(2);
    expect(
      t.cloud.requests.filter((request) => request.action === 'ListBuckets').map((r) => r.service),
    ).toEqual(['s3', 's3']);
  });

  it('heads an object: 200 with its length, type and ETag; NotFound (404) when missing', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence' }));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'evidence',
        Key: 'a/r1.json',
        Body: '{"a":12}',
        ContentType: 'application/json',
      }),
    );

    const head = await s3.send(new HeadObjectCommand({ Bucket: 'evidence', Key: 'a/r1.json' }));
    const missing = await rejectionOf(
      s3.send(new HeadObjectCommand({ Bucket: 'evidence', Key: 'a/none.json' })),
    );

    expect(head).toMatchObject({ ContentLength: 8, ContentType: 'application/json', ETag: put.ETag });
    expect(head.LastModified).toBeInstanceOf(Date);
    expect(missing).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('rolls keys up to CommonPrefixes with a delimiter, and pages keys and prefixes together', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence' }));
    for (const key of [
      'aws/alice/1.json',
      'aws/alice/2.json',
      'aws/bob/1.json',
      'yandex/sa1/1.json',
      'top.json',
    ])
      await s3.send(new PutObjectCommand({ Bucket: 'evidence', Key: key, Body: key }));

    const root = await s3.send(new ListObjectsV2Command({ Bucket: 'evidence', Delimiter: '/' }));
    const aws = await s3.send(
      new ListObjectsV2Command({ Bucket: 'evidence', Delimiter: '/', Prefix: 'aws/' }),
    );
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 2 },
      { Bucket: 'evidence', Delimiter: '/' },
    ))
      pages.push([
        ...(page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix ?? ''),
        ...(page.Contents ?? []).map((object) => object.Key ?? ''),
      ]);

    expect(root.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['aws/', 'yandex/']);
    expect(root.Contents?.map((object) => object.Key)).toEqual(['top.json']);
    expect(root).toMatchObject({ KeyCount: 3, Delimiter: '/' });
    expect(aws.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['aws/alice/', 'aws/bob/']);
    expect(aws.Contents ?? []).toEqual([]);
    expect(pages).toEqual([['aws/', 'top.json'], ['yandex/']]);
  });

  it('refuses bucket names S3 refuses with InvalidBucketName, and creates nothing', async () => {
    const names = [
      'ab',
      'a'.repeat(64),
      'EvidenceArchiveBucket',
      'has_underscore',
      '-leading',
      'two..dots',
      '192.168.1.1',
      'xn--punycode',
    ];

    const refusals = await Promise.all(
      names.map((Bucket) => rejectionOf(s3.send(new CreateBucketCommand({ Bucket })))),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'a'.repeat(63) }));

    for (const refused of refusals) expect(refused).toMatchObject({ name: 'InvalidBucketName', status: 400 });
    expect(t.cloud.s3.bucketNames()).toEqual(['a'.repeat(63)]);
  });

  it('answers an operation it does not emulate with NotImplemented (501) naming it', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'evidence' }));

    const refused = await rejectionOf(s3.send(new GetBucketPolicyCommand({ Bucket: 'evidence' })));

    expect(refused).toMatchObject({
      name: 'NotImplemented',
      status: 501,
      message: 'S3 GetBucketPolicy is not emulated by the local cloud',
    });
  });
});
