/**
 * Builds errors shaped like the ones the AWS SDK v3 throws, so adapter tests
 * can exercise error mapping without a network. Only the fields the adapters
 * read are set: name, code, $metadata and $retryable.
 */

export interface SdkErrorOptions {
  readonly httpStatusCode?: number;
  readonly code?: string;
  readonly throttling?: boolean;
}

export function sdkError(name: string, message: string, options: SdkErrorOptions = {}): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, {
    $fault: (options.httpStatusCode ?? 400) >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: options.httpStatusCode ?? 400, requestId: 'request-0001' },
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.throttling === undefined ? {} : { $retryable: { throttling: options.throttling } }),
  });
}

/** A dropped connection as Node reports it: no HTTP status, a system error code. */
export function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
