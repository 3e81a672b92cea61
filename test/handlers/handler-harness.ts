/**
 * What the handler tests share: deterministic environment variables, SDK
 * mocks on the real client classes (so the handlers' module-level clients are
 * mocked too), a Lambda context, and a capture of the structured log lines.
 *
 * Handlers read their settings at import time, so each test file loads them
 * through `loadHandler`, after the environment is stubbed.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { vi } from 'vitest';

export const TEST_ENV = {
  AWS_REGION: 'eu-west-1',
  AKR_PROVIDER: 'aws',
  AKR_SECRET_NAME_PREFIX: 'access-key-rotator',
  AKR_SECRETS_KMS_KEY_ID: 'alias/akr-secrets',
  AKR_LOCK_TABLE_NAME: 'akr-locks',
  AKR_OLD_KEY_IN_USE_POLICY: 'defer',
  AKR_MAX_DEFERRALS: '3',
  AKR_USER_PATH: '/',
  AKR_OPT_IN_TAG: 'access-key-rotator:rotate=true',
  AKR_ROTATION_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:akr',
  AKR_NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:akr-notifications',
  AKR_EVENT_BUS_NAME: 'akr-bus',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_LOGGER_LOG_EVENT: 'true',
} as const;

export const iamMock = mockClient(IAMClient);
export const secretsMock = mockClient(SecretsManagerClient);
export const dynamoMock = mockClient(DynamoDBClient);
export const stsMock = mockClient(STSClient);
export const snsMock = mockClient(SNSClient);
export const eventBridgeMock = mockClient(EventBridgeClient);
export const sfnMock = mockClient(SFNClient);

/** Resets every mock; notifications are accepted unless a test says otherwise. */
export function resetSdkMocks(): void {
  for (const mock of [iamMock, secretsMock, dynamoMock, stsMock, snsMock, eventBridgeMock, sfnMock])
    mock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-0001' });
  eventBridgeMock
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-0001' }] });
}

export type StepHandler = (event: unknown, context: Context) => Promise<unknown>;

/** The handler files CDK bundles. */
export type HandlerName =
  | 'plan'
  | 'create-key'
  | 'verify-key'
  | 'publish'
  | 'check-old-key-use'
  | 'retire-old-key'
  | 'delete-old-key'
  | 'roll-back'
  | 'record'
  | 'reactivate-old-key'
  | 'http-start-rotation'
  | 'leak-response';

/** The named handlers, loaded once by `load`; `get` fails loudly for one that was not loaded. */
export function stepHandlers<Name extends HandlerName>(names: readonly Name[]) {
  const handlers = new Map<Name, StepHandler>();
  return {
    load: async () => {
      for (const name of names) handlers.set(name, await loadHandler(name));
    },
    get: (name: Name): StepHandler => {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`handler ${name} not loaded`);
      return handler;
    },
  };
}

/** Imports `lambdas/handlers/<name>.ts` afresh with TEST_ENV in place. */
export async function loadHandler(name: HandlerName): Promise<StepHandler> {
  for (const [variable, value] of Object.entries(TEST_ENV)) vi.stubEnv(variable, value);
  vi.resetModules();
  const module = (await import(`../../lambdas/handlers/${name}.ts`)) as { handler: StepHandler };
  return module.handler;
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'akr-step',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:akr-step',
  memoryLimitInMB: '256',
  awsRequestId: 'request-0001',
  logGroupName: '/aws/lambda/akr-step',
  logStreamName: '2025/02/01/[$LATEST]0001',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

export { captureLogs, type LogCapture } from './log-capture.ts';
