/**
 * The handlers of the steps after the grace period and of the rollback,
 * loaded as CDK bundles them and run through the real rules against mocked
 * SDK clients: the calls they make are the contract with AWS.
 */
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  captureLogs,
  dynamoMock,
  iamMock,
  type LogCapture,
  lambdaContext,
  resetSdkMocks,
  secretsMock,
  stepHandlers,
} from './handler-harness.ts';
import {
  createdKey,
  NEW_KEY_ID,
  NEW_SECRET,
  OLD_KEY_ID,
  ROTATION_ID,
  SECRET_NAME,
  SECRET_VERSION_ID,
  stateAfter,
  storedCredential,
} from './rotation-fixtures.ts';

const created = createdKey;
const published = { publishedAt: '2025-02-01T00:03:00.000Z' };
const STEPS = ['check-old-key-use', 'delete-old-key', 'roll-back'] as const;
const handlers = stepHandlers(STEPS);
const step = handlers.get;
let logs: LogCapture;

function listKeys(...keys: [string, 'Active' | 'Inactive'][]) {
  iamMock.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: keys.map(([AccessKeyId, Status]) => ({
      AccessKeyId,
      Status,
      CreateDate: new Date('2025-01-01'),
    })),
    IsTruncated: false,
  });
}

describe('closing step handlers through the real rules', () => {
  beforeAll(async () => {
    await handlers.load();
  });
  afterAll(() => vi.unstubAllEnvs());
  afterEach(() => logs.restore());
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
  });

  it('check-old-key-use retires when the old key was last used before Publish', async () => {
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2025-02-01T00:02:00.000Z'),
        ServiceName: 'sts',
        Region: 'eu-west-1',
      },
    });

    const usage = await step('check-old-key-use')(stateAfter({ created, published }), lambdaContext);

    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand)[0]?.args[0].input).toEqual({
      AccessKeyId: OLD_KEY_ID,
    });
    expect(usage).toMatchObject({
      decision: 'RETIRE',
      usedAfterPublish: false,
      oldKeyLastUsedAt: '2025-02-01T00:02:00.000Z',
    });
  });

  it('check-old-key-use defers when the old key was used after Publish, under the defer policy', async () => {
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2025-02-05T10:00:00.000Z'),
        ServiceName: 's3',
        Region: 'eu-west-1',
      },
    });

    const usage = await step('check-old-key-use')(stateAfter({ created, published }), lambdaContext);

    expect(usage).toMatchObject({ decision: 'DEFER', usedAfterPublish: true, deferrals: 1 });
  });

  it('delete-old-key deletes the inactive old key and drops AWSPREVIOUS', async () => {
    secretsMock
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: storedCredential(NEW_KEY_ID, NEW_SECRET) });
    listKeys([OLD_KEY_ID, 'Inactive'], [NEW_KEY_ID, 'Active']);
    iamMock.on(DeleteAccessKeyCommand).resolves({});
    secretsMock
      .on(DescribeSecretCommand)
      .resolves({ VersionIdsToStages: { v1: ['AWSPREVIOUS'], [SECRET_VERSION_ID]: ['AWSCURRENT'] } });
    secretsMock.on(UpdateSecretVersionStageCommand).resolves({});
    const state = stateAfter({ created, published, retired: { retiredAt: '2025-02-08T00:00:00.000Z' } });

    const deleted = await step('delete-old-key')(state, lambdaContext);

    expect(iamMock.commandCalls(DeleteAccessKeyCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'alice', AccessKeyId: OLD_KEY_ID },
    ]);
    expect(
      secretsMock.commandCalls(UpdateSecretVersionStageCommand).map((call) => call.args[0].input),
    ).toEqual([{ SecretId: SECRET_NAME, VersionStage: 'AWSPREVIOUS', RemoveFromVersionId: 'v1' }]);
    expect(deleted).toEqual({ deletedAt: expect.any(String) });
    // It read the current credential to check the old key is not it: the value must not reach the logs.
    expect(logs.text()).toContain('DeleteOldKey');
    expect(logs.text()).not.toContain(NEW_SECRET);
  });

  it('delete-old-key refuses an old key someone re-activated, deleting nothing', async () => {
    secretsMock
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: storedCredential(NEW_KEY_ID, NEW_SECRET) });
    listKeys([OLD_KEY_ID, 'Active'], [NEW_KEY_ID, 'Active']);
    const state = stateAfter({ created, published, retired: { retiredAt: '2025-02-08T00:00:00.000Z' } });

    const result = step('delete-old-key')(state, lambdaContext);

    await expect(result).rejects.toMatchObject({ name: 'UnsafeKeyOperationError' });
    expect(iamMock.commandCalls(DeleteAccessKeyCommand)).toHaveLength(0);
  });

  it('roll-back before Publish deletes only the new key, drops AWSPENDING and releases this lock', async () => {
    secretsMock
      .on(DescribeSecretCommand)
      .resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'], [SECRET_VERSION_ID]: ['AWSPENDING'] } });
    secretsMock.on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' }).resolves({
      SecretString: storedCredential(OLD_KEY_ID, 'old'),
    });
    listKeys([OLD_KEY_ID, 'Active'], [NEW_KEY_ID, 'Active']);
    iamMock.on(DeleteAccessKeyCommand).resolves({});
    secretsMock.on(UpdateSecretVersionStageCommand).resolves({});
    dynamoMock.on(DeleteItemCommand).resolves({});

    const rolledBack = await step('roll-back')(
      stateAfter({ created, failure: { Error: 'KeyNotYetValidError', Cause: 'not yet' } }),
      lambdaContext,
    );

    expect(iamMock.commandCalls(DeleteAccessKeyCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'alice', AccessKeyId: NEW_KEY_ID },
    ]);
    expect(
      secretsMock.commandCalls(UpdateSecretVersionStageCommand).map((call) => call.args[0].input),
    ).toEqual([
      { SecretId: SECRET_NAME, VersionStage: 'AWSPENDING', RemoveFromVersionId: SECRET_VERSION_ID },
    ]);
    expect(dynamoMock.commandCalls(DeleteItemCommand)[0]?.args[0].input).toMatchObject({
      Key: { lockId: { S: 'aws#alice' } },
      ExpressionAttributeValues: { ':rotationId': { S: ROTATION_ID } },
    });
    expect(rolledBack).toMatchObject({ deletedKeyIds: [NEW_KEY_ID] });
  });

  it('roll-back after Publish refuses and deletes nothing: both keys stay usable', async () => {
    secretsMock
      .on(DescribeSecretCommand)
      .resolves({ VersionIdsToStages: { v1: ['AWSPREVIOUS'], [SECRET_VERSION_ID]: ['AWSCURRENT'] } });
    listKeys([OLD_KEY_ID, 'Active'], [NEW_KEY_ID, 'Active']);

    const result = step('roll-back')(stateAfter({ created, published }), lambdaContext);

    await expect(result).rejects.toMatchObject({ name: 'RotationAlreadyPublishedError' });
    expect(iamMock.commandCalls(DeleteAccessKeyCommand)).toHaveLength(0);
    expect(dynamoMock.commandCalls(DeleteItemCommand)).toHaveLength(0);
  });
});
