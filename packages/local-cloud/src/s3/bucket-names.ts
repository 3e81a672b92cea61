/**
 * The naming rules S3 enforces for general purpose buckets, so a name that
 * works locally works in AWS: 3–63 characters of lowercase letters, digits,
 * dots and hyphens, starting and ending with a letter or digit, no `..`, not
 * an IP address, and none of the prefixes and suffixes AWS reserves.
 */
import { CloudApiError } from '../cloud-api-error.ts';

const SHAPE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

export function isValidBucketName(name: string): boolean {
  return (
    SHAPE.test(name) &&
    !name.includes('..') &&
    !IP_ADDRESS.test(name) &&
    !RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix)) &&
    !RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))
  );
}

/** @throws InvalidBucketName (400), as S3 answers CreateBucket. */
export function checkBucketName(name: string): void {
  if (!isValidBucketName(name))
    throw new CloudApiError('InvalidBucketName', 'The specified bucket is not valid.', 400, {
      BucketName: name,
    });
}
