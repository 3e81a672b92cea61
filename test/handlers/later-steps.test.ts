import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sdkError } from '../adapters/sdk-errors.ts';
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
import {
  createdKey,
  NEW_KEY_ID,
  NEW_SECRET,
  OLD_KEY_ID,
  OLD_SECRET,
  ROTATION_ID,
  SECRET_NAME,
  SECRET_VERSION_ID,
  stateAfter,
  storedCredential,
} from './rotation-fixtures.ts';

const created = createdKey;
const handlers = new Map<string, StepHandler>();
let logs: LogCapture;

function step(name: 'verify-key' | 'publish' | 'retire-old-key' | 'record'): StepHandler {
  const handler = handlers.get(name);
  if (!handler) throw new Error(`handler ${name} not loaded`);
  return handler;
}

describe('later step handlers through the real rules', () => {
  beforeAll(async () => {
    for (const name of ['verify-key', 'publish', 'retire-old-key', 'record'] as const)
      handlers.set(name, await loadHandler(name));
  });
  afterAll(() => vi.unstubAllEnvs());
  afterEach(() => logs.restore());
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
  });

  it('verify-key surfaces IAM propagation delay as KeyNotYetValidError for the Retry to match', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand, { VersionId: SECRET_VERSION_ID })
      .resolves({ SecretString: storedCredential(NEW_KEY_ID, NEW_SECRET) });
    stsMock
      .on(GetCallerIdentityCommand)
      .rejects(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.'));

    // Act
    const error = await step('verify-key')(stateAfter({ created }), lambdaContext).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    // Assess
    expect(error?.name).toBe('KeyNotYetValidError');
    expect(error?.message).not.toContain(NEW_SECRET);
    expect(logs.text()).toContain('"errorName":"KeyNotYetValidError"');
    expect(logs.text()).not.toContain(NEW_SECRET);
  });

  it('verify-key returns only a timestamp once STS accepts the new key', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand, { VersionId: SECRET_VERSION_ID })
      .resolves({ SecretString: storedCredential(NEW_KEY_ID, NEW_SECRET) });
    stsMock.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/alice' });

    // Act
    const verified = await step('verify-key')(stateAfter({ created }), lambdaContext);

    // Assess
    expect(Object.keys(verified as object)).toEqual(['verifiedAt']);
  });

  it("publish moves AWSCURRENT to the plan's secret version and drops AWSPENDING", async () => {
    // Prepare
    secretsMock
      .on(DescribeSecretCommand)
      .resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'], [SECRET_VERSION_ID]: ['AWSPENDING'] } });
    secretsMock.on(UpdateSecretVersionStageCommand).resolves({});

    // Act
    await step('publish')(
      stateAfter({ created, verified: { verifiedAt: '2025-02-01T00:02:00.000Z' } }),
      lambdaContext,
    );

    // Assess
    const moves = secretsMock.commandCalls(UpdateSecretVersionStageCommand).map((call) => call.args[0].input);
    expect(moves).toEqual([
      {
        SecretId: SECRET_NAME,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: SECRET_VERSION_ID,
        RemoveFromVersionId: 'v1',
      },
      { SecretId: SECRET_NAME, VersionStage: 'AWSPENDING', RemoveFromVersionId: SECRET_VERSION_ID },
    ]);
  });

  it('retire-old-key deactivates the old key with UserName and Status Inactive', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: storedCredential(NEW_KEY_ID, NEW_SECRET) });
    iamMock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        { AccessKeyId: OLD_KEY_ID, Status: 'Active', CreateDate: new Date('2024-11-01') },
        { AccessKeyId: NEW_KEY_ID, Status: 'Active', CreateDate: new Date('2025-02-01') },
      ],
      IsTruncated: false,
    });
    iamMock.on(UpdateAccessKeyCommand).resolves({});
    const state = stateAfter({ created, published: { publishedAt: '2025-02-01T00:03:00.000Z' } });

    // Act
    await step('retire-old-key')(state, lambdaContext);

    // Assess
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'alice',
      AccessKeyId: OLD_KEY_ID,
      Status: 'Inactive',
    });
  });

  it('retire-old-key refuses to deactivate the key consumers still read, changing nothing', async () => {
    // Prepare
    secretsMock
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: storedCredential(OLD_KEY_ID, OLD_SECRET) });
    const state = stateAfter({ created, published: { publishedAt: '2025-02-01T00:03:00.000Z' } });

    // Act
    const result = step('retire-old-key')(state, lambdaContext);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'UnsafeKeyOperationError' });
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
  });

  it('record returns the evidence record and releases only this rotation lock', async () => {
    // Prepare
    dynamoMock.on(DeleteItemCommand).resolves({});
    const state = stateAfter({
      created,
      failure: { Error: 'KeyNotYetValidError', Cause: `access key ${NEW_KEY_ID} is not accepted by STS yet` },
    });

    // Act
    const record = await step('record')(state, lambdaContext);

    // Assess
    expect(record).toMatchObject({
      rotationId: ROTATION_ID,
      status: 'ROLLED_BACK',
      oldKeyId: OLD_KEY_ID,
      newKeyId: NEW_KEY_ID,
      failure: { error: 'KeyNotYetValidError' },
    });
    expect(dynamoMock.commandCalls(DeleteItemCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'akr-locks',
      Key: { lockId: { S: 'aws#alice' } },
      ExpressionAttributeValues: { ':rotationId': { S: ROTATION_ID } },
    });
  });
});
