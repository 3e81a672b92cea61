/**
 * S3 buckets and objects for the local cloud: create and look up buckets,
 * put, get and list objects (lexicographic key order, paged by continuation
 * token as ListObjectsV2 does). Errors carry S3's own codes and statuses.
 */

import { createHash } from 'node:crypto';
import { CloudApiError } from '../cloud-api-error.ts';
import { LOCAL_REGION } from '../cloud-constants.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import { checkBucketName } from './bucket-names.ts';
import { type ListPage, type ListRequest, listKeys } from './s3-listing.ts';
import type { StoredBucket, StoredS3Object } from './s3-state.ts';

/** An object as `cloud.s3.objects(bucket)` shows it: the body as UTF-8 text. */
export interface S3ObjectView {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: string;
}

export function noSuchBucket(bucket: string): CloudApiError {
  return new CloudApiError('NoSuchBucket', 'The specified bucket does not exist', 404, {
    BucketName: bucket,
  });
}

function view(object: StoredS3Object): S3ObjectView {
  return { ...object, body: Buffer.from(object.body, 'base64').toString('utf8') };
}

export class S3Store {
  readonly #state: CloudStateStore;

  constructor(state: CloudStateStore) {
    this.#state = state;
  }

  /** @throws InvalidBucketName (400) for a name S3 refuses, BucketAlreadyOwnedByYou (409) when it exists. */
  createBucket(name: string, region: string = LOCAL_REGION): void {
    checkBucketName(name);
    this.#state.mutate((draft) => {
      if (draft.s3.buckets[name])
        throw new CloudApiError(
          'BucketAlreadyOwnedByYou',
          'Your previous request to create the named bucket succeeded and you already own it.',
          409,
          { BucketName: name },
        );
      draft.s3.buckets[name] = { name, region, createdDate: new Date().toISOString(), objects: {} };
    });
  }

  findBucket(name: string): Readonly<Omit<StoredBucket, 'objects'>> | undefined {
    const bucket = this.#state.read().s3.buckets[name];
    return bucket && { name: bucket.name, region: bucket.region, createdDate: bucket.createdDate };
  }

  bucketNames(): string[] {
    return Object.keys(this.#state.read().s3.buckets).sort();
  }

  /** @returns the ETag. @throws NoSuchBucket */
  putObject(bucket: string, key: string, body: Buffer, contentType: string): string {
    return this.#state.mutate((draft) => {
      const stored = draft.s3.buckets[bucket];
      if (!stored) throw noSuchBucket(bucket);
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      stored.objects[key] = {
        key,
        body: body.toString('base64'),
        contentType,
        etag,
        size: body.length,
        lastModified: new Date().toISOString(),
      };
      return etag;
    });
  }

  /** @throws NoSuchBucket, NoSuchKey */
  getObject(bucket: string, key: string): StoredS3Object {
    const stored = this.#state.read().s3.buckets[bucket];
    if (!stored) throw noSuchBucket(bucket);
    const object = stored.objects[key];
    if (!object) throw new CloudApiError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    return stateCopy(object);
  }

  /** One page of ListObjectsV2 (see s3-listing.ts). @throws NoSuchBucket */
  listObjects(bucket: string, request: ListRequest = {}): ListPage {
    const stored = this.#state.read().s3.buckets[bucket];
    if (!stored) throw noSuchBucket(bucket);
    const page = listKeys(stored.objects, request);
    return { ...page, objects: page.objects.map((object) => stateCopy(object)) };
  }

  /** ListBuckets: every bucket, by name. */
  listBuckets(): Readonly<Omit<StoredBucket, 'objects'>>[] {
    return Object.values(this.#state.read().s3.buckets)
      .map(({ name, region, createdDate }) => ({ name, region, createdDate }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Inspection: every object of `bucket` in key order, bodies as text; empty when there is no such bucket. */
  objects(bucket: string): S3ObjectView[] {
    const stored = this.#state.read().s3.buckets[bucket];
    if (!stored) return [];
    return Object.keys(stored.objects)
      .sort()
      .map((key) => view(stored.objects[key] as StoredS3Object));
  }
}
