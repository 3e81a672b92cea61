import { describe, expect, it } from 'vitest';
import { yandexApiError } from '../../../lambdas/adapters/yandex/yandex-errors.ts';

const statusBody = (code: number, message: string) => JSON.stringify({ code, message, details: [] });

describe('Yandex API error mapping', () => {
  it.each([
    [400, 3, 'INVALID_ARGUMENT'],
    [404, 5, 'NOT_FOUND'],
    [409, 6, 'ALREADY_EXISTS'],
    [403, 7, 'PERMISSION_DENIED'],
    [400, 9, 'FAILED_PRECONDITION'],
    [401, 16, 'UNAUTHENTICATED'],
  ])('maps HTTP %i with google.rpc.Status code %i to kind %s', (httpStatus, code, kind) => {
    // Act
    const error = yandexApiError('Yandex AccessKey.Get aje1', httpStatus, statusBody(code, 'details'), {
      keepServerMessage: true,
    });

    // Assess
    expect(error).toMatchObject({ name: 'YandexApiError', grpcCode: code, httpStatus, kind });
    expect(error.message).toBe(`Yandex AccessKey.Get aje1 failed with ${kind} (HTTP ${httpStatus})`);
  });

  it('keeps other codes typed, with kind OTHER', () => {
    // Act
    const error = yandexApiError('op', 429, statusBody(8, 'quota'), { keepServerMessage: true });

    // Assess
    expect(error).toMatchObject({ grpcCode: 8, kind: 'OTHER' });
    expect(error.message).toContain('RESOURCE_EXHAUSTED');
  });

  it('derives the code from the HTTP status when the body is not a Status', () => {
    // Act
    const error = yandexApiError('op', 404, '<html>not found</html>', { keepServerMessage: true });

    // Assess
    expect(error).toMatchObject({ grpcCode: 5, kind: 'NOT_FOUND', serverMessage: undefined });
  });

  it('keeps the server text out of the message, and out of the error entirely when told to', () => {
    // Prepare
    const body = statusBody(3, 'bad jwt eyJhbGciOiJQUzI1NiJ9.payload.signature');

    // Act
    const kept = yandexApiError('op', 400, body, { keepServerMessage: true });
    const dropped = yandexApiError('op', 400, body, { keepServerMessage: false });

    // Assess
    expect(kept.message).not.toContain('eyJ');
    expect(kept.serverMessage).toContain('bad jwt');
    expect(dropped.serverMessage).toBeUndefined();
  });

  it('cuts the credentials the request carried out of a kept server message', () => {
    // Act
    const error = yandexApiError('op', 400, statusBody(3, 'token t1.secret-token rejected'), {
      keepServerMessage: true,
      redact: ['t1.secret-token'],
    });

    // Assess
    expect(error.serverMessage).toBe('token [redacted] rejected');
  });
});
