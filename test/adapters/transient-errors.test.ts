import { describe, expect, it } from 'vitest';
import { callAws, isTransient, toTransientError } from '../../lambdas/adapters/aws/transient-errors.ts';
import { TransientError, ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { networkError, sdkError } from './sdk-errors.ts';

describe('transient error mapping', () => {
  it.each([
    ['IAM throttle', sdkError('Throttling', 'Rate exceeded')],
    ['DynamoDB throttle', sdkError('ProvisionedThroughputExceededException', 'slow down')],
    ['HTTP 429', sdkError('SomethingNew', 'too many', { httpStatusCode: 429 })],
    ['IAM ServiceFailure 500', sdkError('ServiceFailureException', 'boom', { httpStatusCode: 500 })],
    ['unknown 503', sdkError('UnknownError', 'down', { httpStatusCode: 503 })],
    ['$retryable', sdkError('Whatever', 'retry me', { throttling: false })],
    ['ECONNRESET', networkError('ECONNRESET', 'read ECONNRESET')],
    ['ETIMEDOUT', networkError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443')],
    ['socket hang up', new Error('socket hang up')],
    [
      'SDK TimeoutError',
      Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
    ],
  ])('wraps %s into TransientError', (_label, original) => {
    // Act
    const mapped = toTransientError('IAM CreateAccessKey', original);

    // Assess
    expect(mapped).toBeInstanceOf(TransientError);
    expect((mapped as Error).name).toBe('TransientError');
    expect((mapped as Error).message).toContain('IAM CreateAccessKey');
  });

  it.each([
    [
      'IAM quota (LimitExceeded is not a throttle)',
      sdkError('LimitExceededException', 'quota 2', { httpStatusCode: 409 }),
    ],
    ['NoSuchEntity', sdkError('NoSuchEntityException', 'user alice not found', { httpStatusCode: 404 })],
    ['AccessDenied', sdkError('AccessDenied', 'not authorized', { httpStatusCode: 403 })],
    ['a rule error', new ValidationError('principal', 'is required')],
    ['a plain string', 'oops'],
  ])('rethrows %s unchanged', (_label, original) => {
    // Act
    const mapped = toTransientError('IAM CreateAccessKey', original);

    // Assess
    expect(mapped).toBe(original);
    expect(isTransient(original)).toBe(false);
  });

  it('names the original error but not its message, which can echo request details', () => {
    // Prepare
    const original = sdkError('Throttling', 'Rate exceeded for request with SecretString=abc', {
      httpStatusCode: 400,
    });

    // Act
    const mapped = toTransientError('SecretsManager PutSecretValue', original) as Error;

    // Assess
    expect(mapped.message).toBe(
      'SecretsManager PutSecretValue failed with Throttling (HTTP 400); safe to retry',
    );
    expect(mapped.message).not.toContain('abc');
  });

  it('callAws passes results through and rethrows translated errors', async () => {
    // Act
    const result = await callAws('DynamoDB GetItem', async () => 42);
    const failure = callAws('DynamoDB GetItem', async () => {
      throw networkError('ECONNRESET', 'read ECONNRESET');
    });

    // Assess
    expect(result).toBe(42);
    await expect(failure).rejects.toMatchObject({
      name: 'TransientError',
      message: 'DynamoDB GetItem failed with ECONNRESET; safe to retry',
    });
  });
});
