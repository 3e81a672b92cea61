/**
 * The step handlers on a member account's principal `111122223333/alice`,
 * loaded as CDK bundles them, through the real rules and adapters, against
 * mocked SDK clients that record who signed each call: the IAM calls go to
 * the member account with the member role's session (one AssumeRole per warm
 * container), the secret stays in the hub by default, and the hub's own
 * principals are untouched.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand } from '@aws-sdk/nested-clients/sts';
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
  secretsMock,
  stepHandlers,
} from './handler-harness.ts';
import {
  answerAssumeRole,
  answerSigned,
  assumeRoleCalls,
  HUB,
  HUB_KEY_ID,
  inputsOf,
  MEMBER,
  MEMBER_ROLE_ARN,
  MEMBER_SESSION_KEY_ID,
  memberStsMock,
  SESSION_SECRET,
  signedCalls,
  signersOf,
  stubMemberAccountEnv,
} from './member-account-harness.ts';
import {
  createdKey,
  NEW_KEY_ID,
  NEW_SECRET,
  OLD_KEY_ID,
  OLD_SECRET,
  plan,
  SECRET_VERSION_ID,
  STARTED_AT,
  storedCredential,
} from './rotation-fixtures.ts';

const PRINCIPAL = `${MEMBER}/alice`;
const SECRET_NAME = `access-key-rotator/aws/${MEMBER}/alice`;
const ROTATION_ID = `${MEMBER}_alice-20250201`;
const EXECUTION_ARN = `arn:aws:states:eu-west-1:${HUB}:execution:akr:${ROTATION_ID}`;
const memberPlan = { ...plan, rotationId: ROTATION_ID, principal: PRINCIPAL, secretName: SECRET_NAME };
const published = { publishedAt: '2025-02-01T00:03:00.000Z' };

function stateAfter(steps: Record<string, unknown> = {}) {
  return { principal: PRINCIPAL, plan: memberPlan, ...steps };
}

function planRequest(principal: string) {
  return {
    input: { principal },
    rotationId: ROTATION_ID,
    executionArn: EXECUTION_ARN,
    startedAt: STARTED_AT,
  };
}

function keys(...list: [string, 'Active' | 'Inactive'][]) {
  return {
    AccessKeyMetadata: list.map(([AccessKeyId, Status]) => ({
      AccessKeyId,
      Status,
      CreateDate: new Date('2025-01-01'),
    })),
    IsTruncated: false,
  };
}

/** Every mocked call a member principal's steps may make, each recording its signer. */
function answerEverything(): void {
  answerSigned(iamMock, GetUserCommand, { User: { UserName: 'alice', Path: '/' } });
  answerSigned(iamMock, ListUserTagsCommand, {
    Tags: [{ Key: 'access-key-rotator:rotate', Value: 'true' }],
    IsTruncated: false,
  });
  answerSigned(iamMock, ListAccessKeysCommand, keys([OLD_KEY_ID, 'Active']));
  answerSigned(iamMock, CreateAccessKeyCommand, {
    AccessKey: {
      UserName: 'alice',
      AccessKeyId: NEW_KEY_ID,
      SecretAccessKey: NEW_SECRET,
      Status: 'Active',
      CreateDate: new Date('2025-02-01T00:01:00.000Z'),
    },
  });
  answerSigned(iamMock, UpdateAccessKeyCommand, {});
  answerSigned(iamMock, DeleteAccessKeyCommand, {});
  answerSigned(secretsMock, DescribeSecretCommand, { VersionIdsToStages: { v1: ['AWSCURRENT'] } });
  answerSigned(secretsMock, GetSecretValueCommand, (input: Record<string, unknown>) =>
    input.VersionStage === 'AWSCURRENT'
      ? { SecretString: storedCredential(OLD_KEY_ID, OLD_SECRET) }
      : Promise.reject(sdkError('ResourceNotFoundException', 'no such version')),
  );
  answerSigned(secretsMock, PutSecretValueCommand, { VersionId: SECRET_VERSION_ID });
  answerSigned(secretsMock, UpdateSecretVersionStageCommand, {});
  dynamoMock.on(GetItemCommand).resolves({});
  dynamoMock.on(PutItemCommand).resolves({});
}

const STEPS = ['plan', 'create-key', 'retire-old-key', 'delete-old-key'] as const;

/**
 * One container per describe: the handlers loaded once with the member
 * account's environment, fresh mocks and an empty call record per test.
 * @returns the handlers and the logs of the running test
 */
function memberContainer<Name extends (typeof STEPS)[number]>(
  names: readonly Name[],
  env: Readonly<Record<string, string>> = {},
) {
  const handlers = stepHandlers(names);
  const logs = { current: undefined as LogCapture | undefined, text: () => logs.current?.text() ?? '' };
  beforeAll(async () => {
    stubMemberAccountEnv(env);
    await handlers.load();
  });
  afterAll(() => vi.unstubAllEnvs());
  afterEach(() => logs.current?.restore());
  beforeEach(() => {
    logs.current = captureLogs();
    resetSdkMocks();
    answerAssumeRole();
    signedCalls.length = 0;
    answerEverything();
  });
  return { step: handlers.get, logs };
}

describe("a member account's principal, its secret in the hub", () => {
  const { step, logs } = memberContainer(STEPS);

  it("plans with the member account's IAM, as the bare user, and locks the principal with its account", async () => {
    // Act
    const planned = await step('plan')(planRequest(PRINCIPAL), lambdaContext);

    // Assess
    expect(planned).toMatchObject({ principal: PRINCIPAL, secretName: SECRET_NAME, oldKeyId: OLD_KEY_ID });
    expect(inputsOf('GetUser')).toEqual([{ UserName: 'alice' }]);
    expect(signersOf('GetUser')).toEqual([MEMBER_SESSION_KEY_ID]);
    expect(signersOf('ListAccessKeys')).toEqual([MEMBER_SESSION_KEY_ID]);
    expect(inputsOf('DescribeSecret')).toEqual([{ SecretId: SECRET_NAME }]);
    expect(signersOf('DescribeSecret')).toEqual([HUB_KEY_ID]);
    expect(dynamoMock.commandCalls(PutItemCommand)[0]?.args[0].input.Item?.lockId).toEqual({
      S: `aws#${PRINCIPAL}`,
    });
    expect(memberStsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleArn: MEMBER_ROLE_ARN,
      ExternalId: 'access-key-rotator',
    });
  });

  it('creates, retires and deletes keys in the member account with the assumed-role session', async () => {
    // Act
    await step('create-key')(stateAfter(), lambdaContext);
    answerSigned(iamMock, ListAccessKeysCommand, keys([OLD_KEY_ID, 'Active'], [NEW_KEY_ID, 'Active']));
    answerSigned(secretsMock, GetSecretValueCommand, {
      SecretString: storedCredential(NEW_KEY_ID, NEW_SECRET),
    });
    await step('retire-old-key')(stateAfter({ created: createdKey, published }), lambdaContext);
    answerSigned(iamMock, ListAccessKeysCommand, keys([OLD_KEY_ID, 'Inactive'], [NEW_KEY_ID, 'Active']));
    answerSigned(secretsMock, DescribeSecretCommand, {
      VersionIdsToStages: { v1: ['AWSPREVIOUS'], [SECRET_VERSION_ID]: ['AWSCURRENT'] },
    });
    await step('delete-old-key')(
      stateAfter({ created: createdKey, published, retired: { retiredAt: '2025-02-08T00:00:00.000Z' } }),
      lambdaContext,
    );

    // Assess
    expect(inputsOf('CreateAccessKey')).toEqual([{ UserName: 'alice' }]);
    expect(inputsOf('UpdateAccessKey')).toEqual([
      { UserName: 'alice', AccessKeyId: OLD_KEY_ID, Status: 'Inactive' },
    ]);
    expect(inputsOf('DeleteAccessKey')).toEqual([{ UserName: 'alice', AccessKeyId: OLD_KEY_ID }]);
    for (const command of ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey', 'ListAccessKeys'])
      expect(new Set(signersOf(command))).toEqual(new Set([MEMBER_SESSION_KEY_ID]));
    expect(inputsOf('PutSecretValue')[0]).toMatchObject({ SecretId: SECRET_NAME });
    expect(signersOf('PutSecretValue')).toEqual([HUB_KEY_ID]);
    expect(logs.text()).not.toContain(NEW_SECRET);
    expect(logs.text()).not.toContain(SESSION_SECRET);
  });

  it('assumes the member role once per warm container, however many calls and invocations', async () => {
    // Prepare: a cold container of its own.
    const coldPlan = await loadHandler('plan');

    // Act
    await coldPlan(planRequest(PRINCIPAL), lambdaContext);
    await coldPlan(planRequest(PRINCIPAL), lambdaContext);

    // Assess: 2 × 3 member IAM calls, one AssumeRole.
    const memberCalls = signedCalls.filter((call) => call.signer === MEMBER_SESSION_KEY_ID);
    expect(memberCalls.map((call) => call.command)).toEqual([
      'GetUser',
      'ListUserTags',
      'ListAccessKeys',
      'GetUser',
      'ListUserTags',
      'ListAccessKeys',
    ]);
    expect(assumeRoleCalls()).toBe(1);
  });

  it("treats <hub id>/alice as the hub's alice: the hub's clients, the bare lock and secret", async () => {
    // Act
    const planned = await step('plan')(planRequest(`${HUB}/alice`), lambdaContext);

    // Assess
    expect(planned).toMatchObject({ principal: 'alice', secretName: 'access-key-rotator/aws/alice' });
    expect(new Set(signedCalls.map((call) => call.signer))).toEqual(new Set([HUB_KEY_ID]));
    expect(memberStsMock.calls()).toEqual([]);
  });

  it.each([
    ['a/b/c', /principal: must be <user> or <account-id>\/<user>/],
    ['1234/alice', /principal: account "1234" before the "\/" must be a 12-digit AWS account id/],
    [
      '444455556666/alice',
      /principal: account 444455556666 is not one of the accounts this deployment rotates/,
    ],
  ])('refuses %s with VALIDATION_ERROR before any call', async (principal, message) => {
    // Act
    const result = step('plan')(planRequest(principal), lambdaContext);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'VALIDATION_ERROR', field: 'principal' });
    await expect(result).rejects.toThrow(message);
    expect(signedCalls).toEqual([]);
    expect(iamMock.calls()).toEqual([]);
    expect(dynamoMock.calls()).toEqual([]);
    expect(memberStsMock.calls()).toEqual([]);
  });
});

describe('a member role that cannot be assumed', () => {
  const { step, logs } = memberContainer(['plan']);
  beforeEach(() => memberStsMock.reset());

  it('fails Plan with MEMBER_ACCOUNT_UNREACHABLE naming the role, before the lock is taken', async () => {
    // Prepare
    memberStsMock
      .on(AssumeRoleCommand)
      .rejects(sdkError('AccessDenied', `not authorized; ${SESSION_SECRET}`, { httpStatusCode: 403 }));

    // Act
    const error = await step('plan')(planRequest(PRINCIPAL), lambdaContext).then(
      () => undefined,
      (caught: unknown) => caught as Error & { code?: string },
    );

    // Assess
    expect(error?.name).toBe('MemberAccountUnreachableError');
    expect(error?.code).toBe('MEMBER_ACCOUNT_UNREACHABLE');
    expect(error?.message).toContain(
      `STS AssumeRole of ${MEMBER_ROLE_ARN} failed with AccessDenied (HTTP 403)`,
    );
    expect(error?.message).toContain('deploy the member stack');
    expect(`${error?.message}${error?.stack}`).not.toContain(SESSION_SECRET);
    expect(logs.text()).not.toContain(SESSION_SECRET);
    expect(dynamoMock.commandCalls(PutItemCommand)).toEqual([]);
    expect(signedCalls).toEqual([]);
  });
});

describe("a member account's principal, its secret in the member account", () => {
  const { step, logs } = memberContainer(['create-key'], { AKR_SECRET_LOCATION: 'member' });

  it("stores the new key in the member account's Secrets Manager, with the member's session", async () => {
    // Act
    await step('create-key')(stateAfter(), lambdaContext);

    // Assess
    expect(inputsOf('PutSecretValue')[0]).toMatchObject({
      SecretId: SECRET_NAME,
      VersionStages: ['AWSPENDING'],
    });
    expect(signersOf('PutSecretValue')).toEqual([MEMBER_SESSION_KEY_ID]);
    expect(signersOf('CreateAccessKey')).toEqual([MEMBER_SESSION_KEY_ID]);
    expect(new Set(signedCalls.map((call) => call.signer))).toEqual(new Set([MEMBER_SESSION_KEY_ID]));
    expect(assumeRoleCalls()).toBe(1);
    expect(logs.text()).not.toContain(NEW_SECRET);
  });
});
