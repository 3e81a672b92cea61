import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { parseReadersTag, READERS_TAG } from '../../lambdas/rotation/secret-readers.ts';

const APP = 'arn:aws:iam::123456789012:role/app';
const GOV = 'arn:aws-us-gov:iam::111122223333:role/path/to/reader@x';

describe('parseReadersTag', () => {
  it('reads no tag and an empty one as no readers', () => {
    expect(parseReadersTag(undefined)).toEqual([]);
    expect(parseReadersTag('   ')).toEqual([]);
  });

  it('reads space-separated role ARNs once each, in order, in any partition', () => {
    expect(parseReadersTag(` ${GOV} ${APP}\t${GOV} `)).toEqual([GOV, APP]);
  });

  it.each([
    ['a comma list', `${APP},${GOV}`],
    ['a user ARN', 'arn:aws:iam::123456789012:user/alice'],
    ['a wildcard', '*'],
    ['an account of 11 digits', 'arn:aws:iam::12345678901:role/app'],
    ['a role name with a space-free wildcard', 'arn:aws:iam::123456789012:role/app*'],
    ['a role without a name', 'arn:aws:iam::123456789012:role/'],
  ])('refuses %s, naming the tag', (_case, value) => {
    const act = () => parseReadersTag(value);
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR', field: READERS_TAG }));
  });
});
