import { describe, expect, it } from 'vitest';
import { errorResponse, parseHttpRequest, successResponse } from '../../lambdas/http/http-exchange.ts';

describe('HTTP exchange', () => {
  it('reads method, path and body from a Function URL event', () => {
    // Act
    const request = parseHttpRequest({
      rawPath: '/rotations',
      body: '{"provider":"aws"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'post' } },
    });

    // Assess
    expect(request).toEqual({ method: 'POST', path: '/rotations', body: '{"provider":"aws"}' });
  });

  it('decodes a base64-encoded body', () => {
    // Act
    const request = parseHttpRequest({
      rawPath: '/rotations',
      body: Buffer.from('{"principal":"alice"}').toString('base64'),
      isBase64Encoded: true,
      requestContext: { http: { method: 'POST' } },
    });

    // Assess
    expect(request.body).toBe('{"principal":"alice"}');
  });

  it('reads a malformed event as no method and no path', () => {
    // Act
    const request = parseHttpRequest('not an event');

    // Assess
    expect(request).toEqual({ method: '', path: '', body: undefined });
  });

  it('writes the envelope of the contract', () => {
    // Act
    const ok = successResponse(202, { id: 'x' });
    const refused = errorResponse(405, 'METHOD_NOT_ALLOWED', 'POST only', { allow: 'POST' });

    // Assess
    expect(ok).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json' },
      body: '{"success":true,"data":{"id":"x"}}',
    });
    expect(refused).toEqual({
      statusCode: 405,
      headers: { 'content-type': 'application/json', allow: 'POST' },
      body: '{"success":false,"error":{"code":"METHOD_NOT_ALLOWED","message":"POST only"}}',
    });
  });
});
