/**
 * The retriers every Lambda task of both workflows must render to, written
 * out as ASL (not read from lib/rotation/rotation-task.ts), so a changed retry
 * policy fails the workflow tests.
 */
export const BACKOFF = { IntervalSeconds: 2, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' };

export const STANDARD_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
    ],
    MaxAttempts: 4,
    ...BACKOFF,
  },
  { ErrorEquals: ['TransientError'], MaxAttempts: 4, ...BACKOFF },
];
