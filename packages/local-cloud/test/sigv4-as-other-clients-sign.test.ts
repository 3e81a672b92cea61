/**
 * Requests to the local cloud signed the way clients other than the JS SDK
 * sign them, sent over real HTTP: botocore (the AWS CLI) and curl sign no
 * `x-amz-content-sha256`, and a header may arrive on several lines.
 */
import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeSha256 } from '../src/http/node-sha256.ts';
import type { IamAccessKey } from '../src/index.ts';
import { startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const GET_CALLER_IDENTITY = 'Action=GetCallerIdentity&Version=2011-06-15';

describe('SigV4 requests signed as other clients sign them', () => {
  let t: TestCloud;
  let key: IamAccessKey;

  /** STS GetCallerIdentity as a form POST, signed over host, content-type, x-amz-date and `headers`. */
  async function signedGetCallerIdentity(headers: Record<string, string>, applyChecksum: boolean) {
    const endpoint = new URL(t.cloud.endpoint);
    const signer = new SignatureV4({
      credentials: key,
      region: 'us-east-1',
      service: 'sts',
      sha256: NodeSha256,
      applyChecksum,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: endpoint.hostname,
      path: '/',
      headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: GET_CALLER_IDENTITY,
    });
    return signed.headers;
  }

  beforeEach(async () => {
    t = await startTestCloud();
    t.cloud.iam.createUser({ userName: 'alice', path: '/service/' });
    key = t.cloud.iam.createAccessKey('alice');
  });
  afterEach(async () => {
    await t.close();
  });

  it('accepts a request signed without x-amz-content-sha256, as the AWS CLI and curl sign it', async () => {
    // Prepare
    const headers = await signedGetCallerIdentity({}, false);

    // Act
    const response = await fetch(`${t.cloud.endpoint}/`, {
      method: 'POST',
      headers,
      body: GET_CALLER_IDENTITY,
    });

    // Assess
    expect(headers.authorization).toContain('SignedHeaders=content-type;host;x-amz-date,');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Arn>arn:aws:iam::000000000000:user/service/alice</Arn>');
  });

  it('verifies a signed header sent on several lines as its values joined by commas, as AWS does', async () => {
    // Prepare: sign `x-custom:a,b`, then send it as two lines, which node:http alone would join as "a, b".
    const signed = await signedGetCallerIdentity({ 'x-custom': 'a,b' }, true);
    const headers: Record<string, string | string[]> = { ...signed, 'x-custom': ['a', 'b'] };

    // Act
    const status = await new Promise<number>((resolve, reject) => {
      const call = request(t.cloud.endpoint, { method: 'POST', headers }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      call.on('error', reject);
      call.end(GET_CALLER_IDENTITY);
    });

    // Assess
    expect(status).toBe(200);
  });
});
