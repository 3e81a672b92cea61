import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  captureLogs,
  dynamoMock,
  iamMock,
  type LogCapture,
  lambdaContext,
  loadHandler,
  resetSdkMocks,
  type StepHandler,
  secretsMock,
  stsMock,
} from './handler-harness.ts';

const OPTED_IN = { Key: 'access-key-rotator:rotate', Value: 'true' };

import {
  EXECUTION_ARN,
  OLD_KEY_ID,
  OLD_SECRET,
  ROTATION_ID,
  SECRET_VERSION_ID,
  STARTED_AT,
  storedCredential,
} from './rotation-fixtures.ts';

const now = new Date('2025-02-01T00:00:05.000Z');
let handler: StepHandler;
let logs: LogCapture;

function planRequest(input: unknown) {
  return { input, rotationId: ROTATION_ID, executionArn: EXECUTION_ARN, startedAt: STARTED_AT };
}

function allSdkCalls(): number {
  return [iamMock, secretsMock, dynamoMock, stsMock].reduce((sum, mock) => sum + mock.calls().length, 0);
}

describe('plan handler', () => {
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    handler = await loadHandler('plan');
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });
  afterEach(() => logs.restore());
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
    iamMock.on(GetUserCommand).resolves({
      User: {
        UserName: 'alice',
        Path: '/',
        UserId: 'AIDAALICE00000000001',
        Arn: 'arn:aws:iam::123456789012:user/alice',
        CreateDate: new Date('2024-01-01T00:00:00.000Z'),
      },
    });
    // The deployment's default: only users carrying the opt-in tag may be rotated.
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [OPTED_IN], IsTruncated: false });
    iamMock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [{ AccessKeyId: OLD_KEY_ID, Status: 'Active', CreateDate: new Date('2024-11-01') }],
      IsTruncated: false,
    });
    secretsMock.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'] } });
    secretsMock
      .on(GetSecretValueCommand)
      .resolves({ SecretString: storedCredential(OLD_KEY_ID, OLD_SECRET) });
    dynamoMock.on(GetItemCommand).resolves({});
    dynamoMock.on(PutItemCommand).resolves({});
  });

  it('refuses bad input with ValidationError before any SDK call', async () => {
    // Act
    const result = handler(planRequest({ principal: 'alice smith!' }), lambdaContext);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'ValidationError', code: 'VALIDATION_ERROR' });
    await expect(result).rejects.toThrow(/principal/);
    expect(allSdkCalls()).toBe(0);
  });

  it('refuses a payload without the execution name, naming the field', async () => {
    // Act
    const result = handler({ input: { principal: 'alice' }, executionArn: EXECUTION_ARN }, lambdaContext);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'ValidationError', field: 'rotationId' });
    expect(allSdkCalls()).toBe(0);
  });

  it('plans the rotation of the managed key and takes the lock for this rotation', async () => {
    // Act
    const plan = await handler(planRequest({ principal: 'alice', gracePeriodSeconds: 60 }), lambdaContext);

    // Assess
    expect(plan).toMatchObject({
      rotationId: ROTATION_ID,
      executionArn: EXECUTION_ARN,
      secretVersionId: SECRET_VERSION_ID,
      principal: 'alice',
      secretName: 'access-key-rotator/aws/alice',
      oldKeyId: OLD_KEY_ID,
      hasOldKey: true,
      adoption: false,
      gracePeriodSeconds: 60,
    });
    const lockWrite = dynamoMock.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(lockWrite?.TableName).toBe('akr-locks');
    expect(lockWrite?.Item?.lockId).toEqual({ S: 'aws#alice' });
    expect(lockWrite?.Item?.rotationId).toEqual({ S: ROTATION_ID });
    expect(lockWrite?.Item?.acquiredAt).toEqual({ S: now.toISOString() });
  });

  it('refuses, by default, a user without the opt-in tag, naming the tag and how to add it, before any change', async () => {
    // Prepare: an administrator nobody opted in.
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'team', Value: 'ops' }], IsTruncated: false });

    // Act
    const result = handler(planRequest({ principal: 'alice' }), lambdaContext);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'PrincipalNotInScopeError' });
    await expect(result).rejects.toThrow(
      'principal alice lacks the opt-in tag access-key-rotator:rotate=true: only users that carry it can be rotated. ' +
        'To opt it in: aws iam tag-user --user-name alice --tags Key=access-key-rotator:rotate,Value=true',
    );
    expect(dynamoMock.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('refuses a second rotation while another holds the lock, without touching anything', async () => {
    // Prepare
    dynamoMock.on(GetItemCommand).resolves({
      Item: {
        lockId: { S: 'aws#alice' },
        rotationId: { S: 'alice-other-rotation' },
        executionArn: { S: 'arn:aws:states:eu-west-1:123456789012:execution:akr:alice-other-rotation' },
        acquiredAt: { S: '2025-01-31T00:00:00.000Z' },
        expiresAt: { S: '2025-03-31T00:00:00.000Z' },
        expiresAtEpoch: { N: '1743379200' },
      },
    });

    // Act
    const result = handler(planRequest({ principal: 'alice' }), lambdaContext);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'RotationInFlightError' });
    expect(dynamoMock.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('plans an emergency by key id: the owner from GetAccessKeyLastUsed, the key deactivated, no grace', async () => {
    // Prepare
    iamMock
      .on(GetAccessKeyLastUsedCommand, { AccessKeyId: OLD_KEY_ID })
      .resolves({ UserName: 'alice', AccessKeyLastUsed: { Region: 'N/A', ServiceName: 'N/A' } });

    // Act
    const plan = await handler(planRequest({ accessKeyId: OLD_KEY_ID, emergency: true }), lambdaContext);

    // Assess
    expect(plan).toMatchObject({
      principal: 'alice',
      oldKeyId: OLD_KEY_ID,
      exposedKeyId: OLD_KEY_ID,
      emergency: true,
      emergencyRevocation: 'DEACTIVATE',
      graceWaitSeconds: 0,
      exposureReportedAt: STARTED_AT,
      principalPath: '/',
      readerArns: [],
    });
    expect(dynamoMock.commandCalls(PutItemCommand)[0]?.args[0].input.Item?.lockId).toEqual({
      S: 'aws#alice',
    });
  });

  it('refuses a key id IAM does not know (NoSuchEntity) with ValidationError accessKeyId, before the lock', async () => {
    // Prepare
    iamMock
      .on(GetAccessKeyLastUsedCommand)
      .rejects(
        Object.assign(new Error('The Access Key with id AKIA… cannot be found'), { name: 'NoSuchEntity' }),
      );

    // Act
    const result = handler(
      planRequest({ accessKeyId: 'AKIANOSUCHKEY0000001', emergency: true }),
      lambdaContext,
    );

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'ValidationError', field: 'accessKeyId' });
    expect(dynamoMock.calls()).toHaveLength(0);
    expect(secretsMock.calls()).toHaveLength(0);
    expect(iamMock.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'GetAccessKeyLastUsedCommand',
    ]);
  });

  it('logs neither the raw input nor the stored secret', async () => {
    // Prepare
    const logs = captureLogs();

    // Act
    try {
      await handler(planRequest({ principal: 'alice', note: 'typed-by-a-user' }), lambdaContext).catch(
        () => undefined,
      );
      await handler(planRequest({ principal: 'alice' }), lambdaContext);
    } finally {
      logs.restore();
    }

    // Assess
    expect(logs.text()).toContain('Plan succeeded');
    expect(logs.text()).not.toContain('typed-by-a-user');
    expect(logs.text()).not.toContain(OLD_SECRET);
  });
});
