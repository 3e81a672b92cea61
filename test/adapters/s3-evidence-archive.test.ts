import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  evidenceArchiveFor,
  noopEvidenceArchive,
  s3ClientOptions,
  s3EvidenceArchive,
} from '../../lambdas/adapters/aws/s3-evidence-archive.ts';
import { TransientError } from '../../lambdas/rotation/rotation-errors.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import { TEST_SETTINGS } from '../support/in-memory-ports.ts';

const s3Mock = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const archive = s3EvidenceArchive(client, 'akr-evidence');

function recordOf(principal: string, rotationId: string): EvidenceRecord {
  return {
    rotationId,
    provider: 'aws',
    principal,
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:akr:${rotationId}`,
    status: 'SUCCEEDED',
    oldKeyId: 'AKIAOLD0000000000001',
    newKeyId: 'AKIANEW0000000000001',
    startedAt: '2030-01-01T00:00:00.000Z',
    newKeyCreatedAt: '2030-01-01T00:00:01.000Z',
    verifiedAt: '2030-01-01T00:00:02.000Z',
    publishedAt: '2030-01-01T00:00:03.000Z',
    oldKeyLastUsedAt: null,
    retiredAt: '2030-01-08T00:00:03.000Z',
    deletedAt: '2030-01-15T00:00:03.000Z',
    failure: null,
  };
}

/** The part of the SDK's streaming body the adapter reads. */
const bodyOf = (record: EvidenceRecord) =>
  ({ transformToString: async () => JSON.stringify(record) }) as never;

describe('S3 evidence archive', () => {
  beforeEach(() => s3Mock.reset());

  it('puts the record as JSON at evidence/<provider>/<principal>/<rotationId>.json', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    const record = recordOf('alice', 'alice-20300101');
    // Act
    await archive.put(record);
    // Assess
    const calls = s3Mock.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toMatchObject({
      Bucket: 'akr-evidence',
      Key: 'evidence/aws/alice/alice-20300101.json',
      ContentType: 'application/json',
    });
    expect(JSON.parse(String(input?.Body))).toEqual(record);
    expect(input).not.toHaveProperty('SSEKMSKeyId');
  });

  it('turns a throttle or a 5xx into a TransientError', async () => {
    s3Mock.on(PutObjectCommand).rejects(
      Object.assign(new Error('Please reduce your request rate.'), {
        name: 'SlowDown',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    await expect(archive.put(recordOf('alice', 'r1'))).rejects.toBeInstanceOf(TransientError);
  });

  it('lists every page and parses each record', async () => {
    // Prepare
    const first = recordOf('alice', 'alice-1');
    const second = recordOf('bob', 'bob-1');
    s3Mock
      .on(ListObjectsV2Command, { Bucket: 'akr-evidence', Prefix: 'evidence/aws/' })
      .resolves({
        IsTruncated: true,
        NextContinuationToken: 'page-2',
        Contents: [{ Key: 'evidence/aws/alice/alice-1.json' }, { Key: 'evidence/aws/alice/' }],
      })
      .on(ListObjectsV2Command, { ContinuationToken: 'page-2' })
      .resolves({ IsTruncated: false, Contents: [{ Key: 'evidence/aws/bob/bob-1.json' }] });
    s3Mock
      .on(GetObjectCommand, { Key: 'evidence/aws/alice/alice-1.json' })
      .callsFake(() => ({ Body: bodyOf(first) }))
      .on(GetObjectCommand, { Key: 'evidence/aws/bob/bob-1.json' })
      .callsFake(() => ({ Body: bodyOf(second) }));
    // Act
    const listed: EvidenceRecord[] = [];
    for await (const record of archive.list('evidence/aws/')) listed.push(record);
    // Assess
    expect(listed).toEqual([first, second]);
    expect(s3Mock.commandCalls(ListObjectsV2Command)).toHaveLength(2);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it('lists under evidence/ when no prefix is given', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: false });
    for await (const _ of archive.list()) throw new Error('nothing expected');
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input.Prefix).toBe('evidence/');
  });

  it('is a no-op when no bucket is configured', async () => {
    expect(evidenceArchiveFor({ ...TEST_SETTINGS, evidenceBucket: undefined }, client)).toBe(
      noopEvidenceArchive,
    );
    await noopEvidenceArchive.put(recordOf('alice', 'r1'));
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('uses the configured bucket when one is set', async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    await evidenceArchiveFor({ ...TEST_SETTINGS, evidenceBucket: 'other-bucket' }, client).put(
      recordOf('alice', 'r1'),
    );
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input.Bucket).toBe('other-bucket');
  });

  it('forces path-style addressing only when a custom endpoint is configured', () => {
    expect(s3ClientOptions({})).toEqual({ forcePathStyle: false });
    expect(s3ClientOptions({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toEqual({ forcePathStyle: true });
    expect(s3ClientOptions({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566' })).toEqual({
      forcePathStyle: true,
    });
  });
});
