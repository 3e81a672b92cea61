/**
 * The S3 section of the cloud state: buckets and their objects (latest version
 * only). Bodies are kept in base64 so any byte sequence survives the JSON.
 */

export interface StoredS3Object {
  key: string;
  /** Base64 of the object's bytes. */
  body: string;
  contentType: string;
  /** Quoted MD5 hex, as S3 answers it for a single-part upload. */
  etag: string;
  size: number;
  lastModified: string;
}

export interface StoredBucket {
  name: string;
  region: string;
  createdDate: string;
  /** Keyed by object key. */
  objects: Record<string, StoredS3Object>;
}

export interface S3State {
  /** Keyed by bucket name. */
  buckets: Record<string, StoredBucket>;
}

export function emptyS3State(): S3State {
  return { buckets: {} };
}
