/**
 * The STS verifier against a loopback HTTP server, with no SDK mock: proves
 * that AWS_ENDPOINT_URL_STS (read by the SDK itself) redirects the call and
 * that the request is SigV4-signed with the new access key.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const IDENTITY_XML = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/alice</Arn>
    <UserId>AIDAALICE00000000001</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`;

let server: Server;
const seen: IncomingHttpHeaders[] = [];

describe('STS key verifier on the wire', () => {
  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(IDENTITY_XML);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    vi.stubEnv('AWS_ENDPOINT_URL_STS', `http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends GetCallerIdentity to the configured endpoint, signed with the new key', async () => {
    // Prepare
    vi.resetModules();
    const { stsKeyVerifier } = await import('../../lambdas/adapters/aws/sts-key-verifier.ts');

    // Act
    await stsKeyVerifier('us-east-1').verify('alice', {
      Version: 1,
      AccessKeyId: 'AKIANEW0000000000001',
      SecretAccessKey: 'new-secret-value',
    });

    // Assess
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIANEW0000000000001\//);
  });
});
