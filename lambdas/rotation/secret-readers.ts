/**
 * The readers a user names for its own secret: the tag
 * `access-key-rotator:readers` on the IAM user, a space-separated list of IAM
 * role ARNs (IAM tag values allow no comma). CreateKey lets them read the
 * secret; everyone else is denied.
 *
 * Normal path: no tag or an empty one → no readers; otherwise each ARN, once,
 * in the order written.
 *
 * Failure path: anything that is not a role ARN is a ValidationError naming
 * the tag, so Plan refuses before the lock and nothing is changed: a typo must
 * not silently leave a consumer unable to read its key, nor let a user or a
 * wildcard in.
 */
import { ROLE_ARN_PATTERN } from '../config/account-scope.ts';
import { ValidationError } from './rotation-errors.ts';

export const READERS_TAG = 'access-key-rotator:readers';

export function parseReadersTag(value: string | undefined): string[] {
  if (value === undefined) return [];
  const readers: string[] = [];
  for (const arn of value.split(/\s+/).filter((part) => part !== '')) {
    if (!ROLE_ARN_PATTERN.test(arn))
      throw new ValidationError(
        READERS_TAG,
        `"${arn.slice(0, 80)}" is not an IAM role ARN (arn:aws:iam::<account-id>:role/<name>); ` +
          'list role ARNs separated by spaces. Nothing was changed',
      );
    if (!readers.includes(arn)) readers.push(arn);
  }
  return readers;
}
