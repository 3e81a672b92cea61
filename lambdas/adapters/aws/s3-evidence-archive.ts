/**
 * The evidence archive on S3: each rotation's record is one JSON object at
 * `evidence/<provider>/<principal>/<rotationId>.json` (see
 * evidence-archive-key.ts), so a retried Record step overwrites the same key,
 * and with versioning (and optionally Object Lock) nothing is ever lost.
 * Encryption is the bucket's default (its customer-managed KMS key): the
 * request names none, so it cannot pick a weaker one.
 *
 * A deployment without `AKR_EVIDENCE_BUCKET` (one that predates the archive)
 * gets the no-op archive; CDK always sets the variable.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { RotatorSettings } from '../../config/environment.ts';
import {
  EVIDENCE_KEY_PREFIX,
  evidenceObjectBody,
  evidenceObjectKey,
} from '../../rotation/evidence-archive-key.ts';
import type { EvidenceArchive } from '../../rotation/ports.ts';
import type { EvidenceRecord } from '../../rotation/rotation-state.ts';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { callAws } from './transient-errors.ts';

/**
 * Path-style addressing (`<endpoint>/<bucket>/<key>`) whenever a custom
 * endpoint is configured: the SDK would otherwise put the bucket in the host
 * name (`<bucket>.127.0.0.1:4566`), which neither a loopback endpoint such as
 * the local cloud nor LocalStack or moto can resolve. On AWS itself (no
 * endpoint set) the SDK's virtual-hosted default is kept.
 */
export function s3ClientOptions(env: NodeJS.ProcessEnv = process.env): { forcePathStyle: boolean } {
  return { forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) };
}

/** Created once per module, so a warm container reuses its connections (STYLE). */
export const s3Client = new S3Client({ ...s3ClientOptions(), requestHandler: boundedRequestHandler() });

export const noopEvidenceArchive: EvidenceArchive = {
  async put() {},
  async *list() {},
};

export function s3EvidenceArchive(client: S3Client, bucket: string): EvidenceArchive {
  return {
    async put(record: EvidenceRecord): Promise<void> {
      await callAws('S3 PutObject', () =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: evidenceObjectKey(record),
            Body: evidenceObjectBody(record),
            ContentType: 'application/json',
          }),
        ),
      );
    },

    async *list(prefix = EVIDENCE_KEY_PREFIX): AsyncIterable<EvidenceRecord> {
      let token: string | undefined;
      do {
        const page = await callAws('S3 ListObjectsV2', () =>
          client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
        );
        for (const object of page.Contents ?? []) {
          if (!object.Key?.endsWith('.json')) continue;
          const key = object.Key;
          const read = await callAws('S3 GetObject', () =>
            client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
          );
          const text = (await read.Body?.transformToString('utf8')) ?? '';
          yield JSON.parse(text) as EvidenceRecord;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}

/** The archive the settings configure: S3 when a bucket is named, otherwise the no-op one. */
export function evidenceArchiveFor(settings: RotatorSettings, client: S3Client = s3Client): EvidenceArchive {
  return settings.evidenceBucket ? s3EvidenceArchive(client, settings.evidenceBucket) : noopEvidenceArchive;
}
