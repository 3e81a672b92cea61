/**
 * One Lambda step of the rotation (or of the fleet), with its retries spelled out. CDK's implicit
 * service-exception retry is turned off so that the definition shows every
 * retrier it has.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** Errors the Lambda service raises around an invocation; the function never ran or its result was lost. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

const BACKOFF = {
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  // Rotations started together by a schedule must not retry in lockstep against IAM's throttle.
  jitterStrategy: sfn.JitterType.FULL,
} as const;

/** Every step: the Lambda service's own failures, and throttles/5xx the adapters wrap in TransientError. */
export const STANDARD_RETRIES: readonly sfn.RetryProps[] = [
  { errors: [...LAMBDA_SERVICE_ERRORS], maxAttempts: 4, ...BACKOFF },
  { errors: ['TransientError'], maxAttempts: 4, ...BACKOFF },
];

/** VerifyKey only: a new IAM key takes up to about a minute to work everywhere (~2 min of retries). */
export const KEY_NOT_YET_VALID_RETRY: sfn.RetryProps = {
  errors: ['KeyNotYetValidError'],
  maxAttempts: 6,
  ...BACKOFF,
};

export interface RotationTaskProps {
  readonly lambdaFunction: lambda.IFunction;
  /**
   * Where the function's result goes in the state, e.g. `$.created`.
   * @default - the result replaces the whole state (ASL's implicit `$`; an explicit
   * `"ResultPath": "$"` would be merged, not replaced, by aws-local-stepfunctions)
   */
  readonly resultPath?: string;
  /**
   * @default - the state input is the payload
   */
  readonly payload?: sfn.TaskInput;
  /**
   * Retriers added after the standard ones.
   * @default - only STANDARD_RETRIES
   */
  readonly extraRetries?: readonly sfn.RetryProps[];
  /**
   * The state's `TimeoutSeconds`.
   * @default - none: the function's own timeout bounds each attempt
   */
  readonly taskTimeout?: Duration;
}

/** A Task whose `Resource` is the function ARN (`payloadResponseOnly`), the simplest shape to bind locally. */
export function rotationTask(
  scope: Construct,
  stateName: string,
  props: RotationTaskProps,
): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, stateName, {
    lambdaFunction: props.lambdaFunction,
    payload: props.payload,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: props.resultPath,
    taskTimeout: props.taskTimeout && sfn.Timeout.duration(props.taskTimeout),
  });
  for (const retry of [...STANDARD_RETRIES, ...(props.extraRetries ?? [])]) task.addRetry(retry);
  return task;
}
