import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sdkError } from '../adapters/sdk-errors.ts';
import {
  captureLogs,
  iamMock,
  type LogCapture,
  lambdaContext,
  loadHandler,
  resetSdkMocks,
  type StepHandler,
  secretsMock,
} from './handler-harness.ts';
import {
  NEW_KEY_ID,
  NEW_SECRET,
  OLD_KEY_ID,
  OLD_SECRET,
  SECRET_NAME,
  SECRET_VERSION_ID,
  stateAfter,
  storedCredential,
} from './rotation-fixtures.ts';

let handler: StepHandler;
let logs: LogCapture;
const notFound = () => new ResourceNotFoundException({ message: 'no such version', $metadata: {} });

describe('create-key handler', () => {
  beforeAll(async () => {
    handler = await loadHandler('create-key');
  });
  afterAll(() => vi.unstubAllEnvs());
  afterEach(() => logs.restore());
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
    iamMock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [{ AccessKeyId: OLD_KEY_ID, Status: 'Active', CreateDate: new Date('2024-11-01') }],
      IsTruncated: false,
    });
    iamMock.on(CreateAccessKeyCommand).resolves({
      AccessKey: {
        UserName: 'alice',
        AccessKeyId: NEW_KEY_ID,
        SecretAccessKey: NEW_SECRET,
        Status: 'Active',
        CreateDate: new Date('2025-02-01T00:01:00.000Z'),
      },
    });
    iamMock.on(DeleteAccessKeyCommand).resolves({});
    secretsMock.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'] } });
    secretsMock.on(GetSecretValueCommand, { VersionId: SECRET_VERSION_ID }).rejects(notFound());
    secretsMock
      .on(GetSecretValueCommand, { VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: storedCredential(OLD_KEY_ID, OLD_SECRET) });
  });

  it("creates the key, stores it as AWSPENDING under the plan's secret version, and returns only ids", async () => {
    // Prepare
    secretsMock.on(PutSecretValueCommand).resolves({ VersionId: SECRET_VERSION_ID });

    // Act
    const created = await handler(stateAfter(), lambdaContext);

    // Assess
    expect(created).toEqual({
      newKeyId: NEW_KEY_ID,
      newKeyCreatedAt: '2025-02-01T00:01:00.000Z',
      secretVersionId: SECRET_VERSION_ID,
      deletedInactiveKeyId: null,
    });
    expect(JSON.stringify(created)).not.toContain(NEW_SECRET);
    const put = secretsMock.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      SecretId: SECRET_NAME,
      ClientRequestToken: SECRET_VERSION_ID,
      VersionStages: ['AWSPENDING'],
    });
    // Secrets Manager refuses a ClientRequestToken outside 32-64 characters.
    expect(put?.ClientRequestToken?.length).toBeGreaterThanOrEqual(32);
    expect(put?.ClientRequestToken?.length).toBeLessThanOrEqual(64);
    expect(logs.text()).toContain(NEW_KEY_ID);
    expect(logs.text()).not.toContain(NEW_SECRET);
    expect(logs.text()).not.toContain(OLD_SECRET);
  });

  it('lets a throttled PutSecretValue fail as TransientError, after deleting the unstored key', async () => {
    // Prepare
    secretsMock.on(PutSecretValueCommand).rejects(sdkError('ThrottlingException', 'Rate exceeded'));

    // Act
    const error = await handler(stateAfter(), lambdaContext).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    // Assess
    expect(error?.name).toBe('TransientError');
    expect(error?.message).not.toContain(NEW_SECRET);
    expect(iamMock.commandCalls(DeleteAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'alice',
      AccessKeyId: NEW_KEY_ID,
    });
    const failureLines = logs
      .text()
      .split('\n')
      .filter((line) => line.includes('"CreateKey failed"'));
    expect(failureLines).toHaveLength(1);
    expect(JSON.parse(failureLines[0] ?? '{}')).toMatchObject({
      errorName: 'TransientError',
      outcome: 'failed',
    });
    expect(logs.text()).not.toContain(NEW_SECRET);
  });

  it('masks a credential a non-transient SDK error quotes, in the error that becomes the Cause and in the log', async () => {
    // Prepare: a service message that echoes the stored document, and a key-shaped secret in free text.
    const awsShaped = 'Zx9QeR7tYuIoPaSdFgHjKlMnBvCxZaQwErTy1234';
    const echoed = JSON.stringify({ Version: 1, AccessKeyId: NEW_KEY_ID, SecretAccessKey: NEW_SECRET });
    secretsMock
      .on(PutSecretValueCommand)
      .rejects(sdkError('InvalidRequestException', `cannot store ${echoed}; also saw ${awsShaped}`));

    // Act
    const error = await handler(stateAfter(), lambdaContext).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );

    // Assess: Step Functions' Cause is the error's name, message and stack.
    expect(error?.name).toBe('InvalidRequestException');
    const cause = JSON.stringify({ errorMessage: error?.message, trace: error?.stack });
    for (const secret of [NEW_SECRET, awsShaped]) {
      expect(cause).not.toContain(secret);
      expect(logs.text()).not.toContain(secret);
    }
    expect(error?.message).toContain(`cannot store {"Version":1,"AccessKeyId":"${NEW_KEY_ID}"`);
    expect(error?.message).toContain('"SecretAccessKey":"[REDACTED]"');
  });

  it('refuses a state without a plan, naming the field, before any SDK call', async () => {
    // Act
    const result = handler({ principal: 'alice' }, lambdaContext);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'ValidationError', field: 'plan' });
    expect(iamMock.calls()).toHaveLength(0);
    expect(secretsMock.calls()).toHaveLength(0);
  });
});
