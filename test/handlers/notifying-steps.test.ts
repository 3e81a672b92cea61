/**
 * The notifications of the step handlers, through the real rules and the real
 * SNS and EventBridge adapters on mocked clients, and the operator's
 * re-activation handler.
 */
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  captureLogs,
  dynamoMock,
  eventBridgeMock,
  type HandlerName,
  iamMock,
  type LogCapture,
  lambdaContext,
  loadHandler,
  resetSdkMocks,
  type StepHandler,
  secretsMock,
  sfnMock,
  snsMock,
  TEST_ENV,
} from './handler-harness.ts';
import {
  createdKey,
  NEW_KEY_ID,
  OLD_KEY_ID,
  ROTATION_ID,
  SECRET_VERSION_ID,
  stateAfter,
} from './rotation-fixtures.ts';

const created = createdKey;
const verified = { verifiedAt: '2025-02-01T00:02:00.000Z' };
const NAMES = ['publish', 'record', 'reactivate-old-key'] as const;
const handlers = new Map<HandlerName, StepHandler>();
let logs: LogCapture;

function step(name: (typeof NAMES)[number]): StepHandler {
  const handler = handlers.get(name);
  if (!handler) throw new Error(`handler ${name} not loaded`);
  return handler;
}

function sentDetailTypes(): (string | undefined)[] {
  return eventBridgeMock
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => entry.DetailType);
}

describe('notifying step handlers', () => {
  beforeAll(async () => {
    for (const name of NAMES) handlers.set(name, await loadHandler(name));
  });
  afterAll(() => vi.unstubAllEnvs());
  afterEach(() => logs.restore());
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
  });

  it('publish sends the rotated and the deactivation events to the bus and the topic', async () => {
    // Prepare
    secretsMock
      .on(DescribeSecretCommand)
      .resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'], [SECRET_VERSION_ID]: ['AWSPENDING'] } });
    secretsMock.on(UpdateSecretVersionStageCommand).resolves({});

    // Act
    await step('publish')(stateAfter({ created, verified }), lambdaContext);

    // Assess
    expect(sentDetailTypes()).toEqual(['Access Key Rotated', 'Access Key Deactivation Upcoming']);
    const entry = eventBridgeMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({ Source: 'access-key-rotator', EventBusName: TEST_ENV.AKR_EVENT_BUS_NAME });
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({
      rotationId: ROTATION_ID,
      newKeyId: NEW_KEY_ID,
    });
    expect(snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input.TopicArn)).toEqual([
      TEST_ENV.AKR_NOTIFICATION_TOPIC_ARN,
      TEST_ENV.AKR_NOTIFICATION_TOPIC_ARN,
    ]);
  });

  it('publish reports a refused notification in its output instead of failing after AWSCURRENT moved', async () => {
    // Prepare
    secretsMock
      .on(DescribeSecretCommand)
      .resolves({ VersionIdsToStages: { [SECRET_VERSION_ID]: ['AWSCURRENT'] } });
    eventBridgeMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });

    // Act
    const published = (await step('publish')(stateAfter({ created, verified }), lambdaContext)) as {
      publishedAt: string;
      notificationFailure?: string;
    };

    // Assess
    expect(Date.parse(published.publishedAt)).not.toBeNaN();
    expect(published.notificationFailure).toMatch(/^Access Key Rotated: TransientError: .*InternalFailure/);
    expect(secretsMock.commandCalls(UpdateSecretVersionStageCommand)).toEqual([]);
  });

  it('record notifies a failed rotation with its status and error name', async () => {
    // Prepare
    dynamoMock.on(DeleteItemCommand).resolves({});
    const state = stateAfter({
      created,
      verified,
      published: { publishedAt: '2025-02-01T00:03:00.000Z' },
      failure: { Error: 'OldKeyStillInUseError', Cause: 'used after publish' },
    });

    // Act
    await step('record')(state, lambdaContext);

    // Assess
    expect(sentDetailTypes()).toEqual(['Access Key Rotation Failed']);
    const detail = eventBridgeMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail;
    expect(JSON.parse(detail ?? '{}')).toMatchObject({ status: 'FAILED', error: 'OldKeyStillInUseError' });
  });

  it('reactivate-old-key makes the retired key Active again and releases the lock', async () => {
    // Prepare
    iamMock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        { AccessKeyId: OLD_KEY_ID, Status: 'Inactive', CreateDate: new Date('2024-11-01') },
        { AccessKeyId: NEW_KEY_ID, Status: 'Active', CreateDate: new Date('2025-02-01') },
      ],
      IsTruncated: false,
    });
    iamMock.on(UpdateAccessKeyCommand).resolves({});
    dynamoMock.on(DeleteItemCommand).resolves({});
    const state = stateAfter({
      created,
      verified,
      published: { publishedAt: '2025-02-01T00:03:00.000Z' },
      retired: { retiredAt: '2025-02-08T00:03:00.000Z' },
    });
    recordExecution(state, 'WaitDeletion');

    // Act
    const result = await step('reactivate-old-key')(state, lambdaContext);

    // Assess
    expect(result).toMatchObject({ oldKeyId: OLD_KEY_ID });
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'alice',
      AccessKeyId: OLD_KEY_ID,
      Status: 'Active',
    });
    expect(dynamoMock.commandCalls(DeleteItemCommand)).toHaveLength(1);
    expect(secretsMock.calls()).toEqual([]);
    expect(sfnMock.commandCalls(GetExecutionHistoryCommand)[0]?.args[0].input).toMatchObject({
      executionArn: state.plan.executionArn,
      reverseOrder: true,
      includeExecutionData: true,
    });
  });

  it('reactivate-old-key refuses a request whose execution is not in its deletion delay, changing nothing', async () => {
    // Prepare
    const state = stateAfter({ created, verified, retired: { retiredAt: '2025-02-08T00:03:00.000Z' } });
    recordExecution(state, 'WaitGrace');

    // Act
    const outcome = step('reactivate-old-key')(state, lambdaContext);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'UnsafeKeyOperationError' });
    await expect(outcome).rejects.toThrow(/is RUNNING in WaitGrace/);
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)).toEqual([]);
    expect(dynamoMock.commandCalls(DeleteItemCommand)).toEqual([]);
  });
});

/** Step Functions answers for the state's execution: RUNNING, its newest event entering `stateName`. */
function recordExecution(state: ReturnType<typeof stateAfter>, stateName: string): void {
  sfnMock
    .on(DescribeExecutionCommand, { executionArn: state.plan.executionArn })
    .resolves({ status: 'RUNNING', stateMachineArn: TEST_ENV.AKR_ROTATION_STATE_MACHINE_ARN });
  sfnMock.on(GetExecutionHistoryCommand).resolves({
    events: [
      {
        id: 9,
        timestamp: new Date('2025-02-08T00:04:00.000Z'),
        type: 'WaitStateEntered',
        stateEnteredEventDetails: { name: stateName, input: JSON.stringify(state) },
      },
    ],
  });
}
