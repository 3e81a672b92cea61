/**
 * The verifier checks a signature as AWS does, whoever signed it. The
 * signatures here are not made by the library under test: they are the
 * published AWS Signature Version 4 test-suite vectors (get-vanilla,
 * get-vanilla-query-order-key-case, get-header-value-trim, get-header-key-duplicate,
 * post-x-www-form-urlencoded) and the S3 documentation's GetObject example.
 * Each signs only the headers curl and botocore sign (no
 * `x-amz-content-sha256` outside S3), which the verifier once added on its own.
 */
import { describe, expect, it } from 'vitest';
import {
  parseAuthorization,
  type ReceivedRequest,
  type SigV4Authorization,
  signatureMatches,
} from '../src/http/sigv4-verifier.ts';

const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const S3_DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SUITE_DATE = '20150830T123600Z';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function authorization(header: string): SigV4Authorization {
  const parsed = parseAuthorization(header);
  if (parsed === undefined || parsed === 'malformed') throw new Error(`not a SigV4 header: ${header}`);
  return parsed;
}

function suiteAuthorization(signedHeaders: string, signature: string): SigV4Authorization {
  return authorization(
    `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  );
}

/** A request as node:http hands it over: lower-case names, values trimmed at the ends only. */
function received(method: string, url: string, headers: Record<string, string>, body = ''): ReceivedRequest {
  return { method, url, headers: { host: 'example.amazonaws.com', ...headers }, body: Buffer.from(body) };
}

const vanilla = suiteAuthorization(
  'host;x-amz-date',
  '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
);

describe('SigV4 verification over exactly the signed headers', () => {
  it('accepts a request that signed only host and x-amz-date, as curl --aws-sigv4 does', async () => {
    const request = received('GET', '/', { 'x-amz-date': SUITE_DATE });

    expect(await signatureMatches(request, vanilla, SUITE_SECRET)).toBe(true);
  });

  it('ignores headers the client did not sign, x-amz-content-sha256 among them', async () => {
    const request = received('GET', '/', {
      'x-amz-date': SUITE_DATE,
      'user-agent': 'aws-cli/2.9.19',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      accept: '*/*',
    });
    const changed = received('GET', '/', {
      'x-amz-date': SUITE_DATE,
      'user-agent': 'something else',
      'x-amz-content-sha256': EMPTY_SHA256,
      accept: 'application/xml',
    });

    expect(await signatureMatches(request, vanilla, SUITE_SECRET)).toBe(true);
    expect(await signatureMatches(changed, vanilla, SUITE_SECRET)).toBe(true);
  });

  it('rejects a request whose signed header was changed, or is missing, or a wrong secret', async () => {
    const tamperedHost = received('GET', '/', { 'x-amz-date': SUITE_DATE, host: 'evil.example' });
    const withoutHost = { ...tamperedHost, headers: { 'x-amz-date': SUITE_DATE } };
    const laterDate = received('GET', '/', { 'x-amz-date': '20150830T123601Z' });
    const genuine = received('GET', '/', { 'x-amz-date': SUITE_DATE });

    expect(await signatureMatches(tamperedHost, vanilla, SUITE_SECRET)).toBe(false);
    expect(await signatureMatches(withoutHost, vanilla, SUITE_SECRET)).toBe(false);
    expect(await signatureMatches(laterDate, vanilla, SUITE_SECRET)).toBe(false);
    expect(await signatureMatches(genuine, vanilla, `${SUITE_SECRET}x`)).toBe(false);
  });

  it('folds sequential spaces inside a signed header value, and notices a changed one', async () => {
    const signed = suiteAuthorization(
      'host;my-header1;my-header2;x-amz-date',
      'acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736',
    );
    const headers = { 'x-amz-date': SUITE_DATE, 'my-header1': 'value1', 'my-header2': '"a   b   c"' };

    expect(await signatureMatches(received('GET', '/', headers), signed, SUITE_SECRET)).toBe(true);
    expect(
      await signatureMatches(
        received('GET', '/', { ...headers, 'my-header2': '"a b d"' }),
        signed,
        SUITE_SECRET,
      ),
    ).toBe(false);
  });

  it('signs a header sent more than once as its values joined by commas, in the order sent', async () => {
    const signed = suiteAuthorization(
      'host;my-header1;x-amz-date',
      'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
    );
    const request = received('GET', '/', {
      'x-amz-date': SUITE_DATE,
      'my-header1': 'value2, value2, value1',
    });
    const sentThrice = { ...request, headersDistinct: { 'my-header1': ['value2', 'value2', 'value1'] } };
    const reordered = { ...request, headersDistinct: { 'my-header1': ['value1', 'value2', 'value2'] } };

    expect(await signatureMatches(sentThrice, signed, SUITE_SECRET)).toBe(true);
    expect(await signatureMatches(reordered, signed, SUITE_SECRET)).toBe(false);
  });

  it('sorts the query string as AWS does, whatever order it was sent in', async () => {
    const signed = suiteAuthorization(
      'host;x-amz-date',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    );
    const date = { 'x-amz-date': SUITE_DATE };

    expect(
      await signatureMatches(received('GET', '/?Param2=value2&Param1=value1', date), signed, SUITE_SECRET),
    ).toBe(true);
    expect(
      await signatureMatches(received('GET', '/?Param1=value1&Param2=value2', date), signed, SUITE_SECRET),
    ).toBe(true);
    expect(
      await signatureMatches(received('GET', '/?Param2=value3&Param1=value1', date), signed, SUITE_SECRET),
    ).toBe(false);
  });

  it('hashes the body when no x-amz-content-sha256 is signed, so a changed body fails', async () => {
    const signed = suiteAuthorization(
      'content-type;host;x-amz-date',
      'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
    );
    const headers = { 'x-amz-date': SUITE_DATE, 'content-type': 'application/x-www-form-urlencoded' };

    expect(
      await signatureMatches(received('POST', '/', headers, 'Param1=value1'), signed, SUITE_SECRET),
    ).toBe(true);
    expect(
      await signatureMatches(received('POST', '/', headers, 'Param1=value2'), signed, SUITE_SECRET),
    ).toBe(false);
  });

  it('takes the payload hash from a signed x-amz-content-sha256 on S3, and signs the path as sent', async () => {
    const getObject = authorization(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    const unsignedPayload = authorization(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0529a930f40e7fa51407efd282a54e79dc37f2ed635c0dd746ed870f7f84f995',
    );
    const s3 = { uriEscapePath: false };
    const host = 'examplebucket.s3.amazonaws.com';
    const date = '20130524T000000Z';

    const ranged = {
      method: 'GET',
      url: '/test.txt',
      headers: { host, range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': date },
      body: Buffer.alloc(0),
    };
    const put = {
      method: 'PUT',
      url: '/my%20folder/a.txt',
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-date': date },
      body: Buffer.from('any bytes at all'),
    };

    expect(await signatureMatches(ranged, getObject, S3_DOC_SECRET, s3)).toBe(true);
    expect(await signatureMatches(put, unsignedPayload, S3_DOC_SECRET, s3)).toBe(true);
    expect(
      await signatureMatches(
        { ...put, headers: { ...put.headers, 'x-amz-content-sha256': EMPTY_SHA256 } },
        unsignedPayload,
        S3_DOC_SECRET,
        s3,
      ),
    ).toBe(false);
  });
});
