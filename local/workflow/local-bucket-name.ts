/**
 * The name a template's bucket gets locally. Deployed, CloudFormation names a
 * bucket `<stack>-<logicalid>-<suffix>` in lowercase; locally there is no
 * stack, so the logical id stands in, lowercased and cut to S3's 3–63
 * characters, so the name is one real S3 would accept too.
 */
const MAX_LENGTH = 63;

export function localBucketName(logicalId: string): string {
  const name = logicalId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
  return name.padEnd(3, '0');
}
