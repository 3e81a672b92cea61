/**
 * The step handlers on `<member>/alice` against the embedded local cloud,
 * with no SDK mock: the hub (not 000000000000) assumes the member role over
 * the wire, STS checks the role's trust policy, and IAM and Secrets Manager
 * act in the account the session belongs to. The rotation goes Plan to
 * DeleteOldKey as the state machine chains it (zero waits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedIamUser,
  seedOrganization,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OPTED_IN_TAGS, secretName } from '../../lambdas/config/environment.ts';
import { captureLogs, type LogCapture } from './log-capture.ts';

const HUB = '210987654321';
const MEMBER = '111122223333';
const DISTRUSTING = '444455556666';
const MISSING = '777788889999';
const ROLE = 'access-key-rotator-member';
const LOCK_TABLE = 'akr-wire-locks';
const PREFIX = 'access-key-rotator';

const context = {
  functionName: 'akr-step',
  awsRequestId: 'wire-request',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${HUB}:function:akr-step`,
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

type Step = (event: unknown, context: Context) => Promise<unknown>;
const STEP_NAMES = [
  'plan',
  'create-key',
  'verify-key',
  'publish',
  'retire-old-key',
  'delete-old-key',
  'record',
] as const;
type StepName = (typeof STEP_NAMES)[number];

function trustPolicy(hub: string, organizationId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${hub}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'sts:ExternalId': 'access-key-rotator', 'aws:PrincipalOrgID': organizationId },
          ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${hub}:role/access-key-rotator/*` },
        },
      },
    ],
  };
}

const ROTATE_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['iam:*', 'secretsmanager:*'], Resource: '*' }],
};

let cloud: LocalCloud;
let stateDir: string;

async function startOrganization(): Promise<void> {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-member-wire-'));
  cloud = await startLocalCloud({ stateDir, accountId: HUB });
  const { organizationId } = seedOrganization(cloud, {
    accounts: [
      { id: MEMBER, name: 'member' },
      { id: DISTRUSTING, name: 'distrusting' },
      { id: MISSING, name: 'no-role' },
    ],
  });
  cloud.account(MEMBER).iam.roles.create({
    roleName: ROLE,
    assumeRolePolicyDocument: trustPolicy(HUB, organizationId),
    policies: { rotate: ROTATE_POLICY },
  });
  // Trusts another hub: this one is refused.
  cloud.account(DISTRUSTING).iam.roles.create({
    roleName: ROLE,
    assumeRolePolicyDocument: trustPolicy('999999999999', organizationId),
    policies: { rotate: ROTATE_POLICY },
  });
  const dynamodb = new DynamoDBClient({
    endpoint: cloud.endpoint,
    region: cloud.region,
    credentials: LOCAL_ADMIN_CREDENTIALS,
  });
  await dynamodb.send(
    new CreateTableCommand({
      TableName: LOCK_TABLE,
      AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  dynamodb.destroy();
}

/** One warm container per step, built from the environment a deployed step gets, pointed at the cloud. */
async function loadSteps(env: Readonly<Record<string, string>> = {}): Promise<Record<StepName, Step>> {
  const base = {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_REGION: cloud.region,
    AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
    AKR_PROVIDER: 'aws',
    AKR_LOCK_TABLE_NAME: LOCK_TABLE,
    AKR_HUB_ACCOUNT_ID: HUB,
    AKR_ACCOUNTS: [MEMBER, DISTRUSTING, MISSING].join(','),
    AKR_CONNECT_TIMEOUT_MS: '1000',
    AKR_REQUEST_TIMEOUT_MS: '2000',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    ...env,
  };
  // Each container gets exactly this environment: no setting of an earlier one carries over.
  vi.unstubAllEnvs();
  for (const [name, value] of Object.entries(base)) vi.stubEnv(name, value);
  const steps = {} as Record<StepName, Step>;
  for (const name of STEP_NAMES) {
    vi.resetModules();
    steps[name] = ((await import(`../../lambdas/handlers/${name}.ts`)) as { handler: Step }).handler;
  }
  return steps;
}

/** The state machine's chain with zero waits: each step's result under its ResultPath. */
async function rotate(steps: Record<StepName, Step>, principal: string, rotationId: string) {
  const executionArn = `arn:aws:states:${cloud.region}:${HUB}:execution:akr:${rotationId}`;
  const plan = await steps.plan(
    {
      input: { principal, gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
      rotationId,
      executionArn,
      startedAt: new Date().toISOString(),
    },
    context,
  );
  const state: Record<string, unknown> = { principal, plan };
  const chain: [StepName, string][] = [
    ['create-key', 'created'],
    ['verify-key', 'verified'],
    ['publish', 'published'],
    ['retire-old-key', 'retired'],
    ['delete-old-key', 'deleted'],
  ];
  for (const [name, resultPath] of chain) state[resultPath] = await steps[name](state, context);
  // Record releases the lock; its evidence record is the execution's output.
  state.record = await steps.record(state, context);
  return state as {
    plan: { secretName: string };
    created: { newKeyId: string };
    record: { principal: string; status: string };
  };
}

function assumeRoleRequests() {
  return cloud.requests.filter((request) => request.service === 'sts' && request.action === 'AssumeRole');
}

function seedMemberAlice(options: { readonly secretAccount?: string } = {}) {
  return seedIamUser(
    cloud,
    {
      userName: 'alice',
      tags: OPTED_IN_TAGS,
      keys: [{ ageDays: 100 }],
      managedSecret: { name: secretName(PREFIX, 'aws', `${MEMBER}/alice`), keyIndex: 0 },
    },
    { account: MEMBER, ...options },
  ).keyIds;
}

let output: LogCapture;

beforeAll(startOrganization);
afterAll(async () => {
  vi.unstubAllEnvs();
  await cloud.close();
  rmSync(stateDir, { recursive: true, force: true });
});
beforeEach(() => {
  output = captureLogs();
});
afterEach(() => output.restore());

describe("a member account's principal on the local cloud", () => {
  it("rotates <member>/alice in the member account's IAM, its secret in the hub, one AssumeRole per container", async () => {
    // Prepare
    const [oldKeyId] = seedMemberAlice();
    seedIamUser(cloud, { userName: 'alice', tags: OPTED_IN_TAGS, keys: [{ ageDays: 10 }] });
    const hubAliceKeys = cloud.iam.listAccessKeys('alice').map((key) => key.accessKeyId);
    const steps = await loadSteps();
    const assumedBefore = assumeRoleRequests().length;

    // Act
    const state = await rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-1`);

    // Assess: the member's alice has only the new key; the hub's alice is untouched.
    const memberKeys = cloud.account(MEMBER).iam.listAccessKeys('alice');
    expect(memberKeys.map((key) => [key.accessKeyId, key.status])).toEqual([
      [state.created.newKeyId, 'Active'],
    ]);
    expect(state.created.newKeyId).not.toBe(oldKeyId);
    expect(cloud.iam.listAccessKeys('alice').map((key) => key.accessKeyId)).toEqual(hubAliceKeys);
    const current = JSON.parse(cloud.secrets.getSecretValue(state.plan.secretName).secretString ?? '{}');
    expect(current.AccessKeyId).toBe(state.created.newKeyId);
    expect(state.plan.secretName).toBe(`${PREFIX}/aws/${MEMBER}/alice`);
    expect(state.record).toMatchObject({ principal: `${MEMBER}/alice`, status: 'SUCCEEDED' });
    // Subscribers see the account on the bus, next to the principal.
    const rotated = cloud.events.list({ detailType: 'Access Key Rotated' }).at(-1);
    expect(JSON.parse(rotated?.detail ?? '{}')).toMatchObject({
      principal: `${MEMBER}/alice`,
      account: MEMBER,
    });
    // The IAM writes acted in the member account, signed by the member role's session.
    const writes = cloud.requests.filter((request) =>
      ['CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey'].includes(request.action),
    );
    expect(writes.map((request) => request.account)).toEqual([MEMBER, MEMBER, MEMBER]);
    expect(writes.every((request) => request.accessKeyId?.startsWith('ASIA'))).toBe(true);
    // Plan, CreateKey, RetireOldKey and DeleteOldKey call the member's IAM: one session each.
    expect(assumeRoleRequests().length - assumedBefore).toBe(4);
    expect(output.text()).not.toContain(memberSecretOf(state.created.newKeyId));
  });

  it('assumes the role once in a warm container, however many rotations it runs', async () => {
    // Prepare
    seedMemberAlice();
    const steps = await loadSteps();
    await rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-2`);
    const assumedAfterFirst = assumeRoleRequests().length;

    // Act
    await rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-3`);

    // Assess
    expect(assumeRoleRequests().length).toBe(assumedAfterFirst);
  });

  it('keeps the secret in the member account with AKR_SECRET_LOCATION=member', async () => {
    // Prepare
    const name = secretName(PREFIX, 'aws', `${MEMBER}/alice`);
    if (cloud.secrets.findSecret(name)) cloud.secrets.deleteSecret(name);
    seedMemberAlice({ secretAccount: MEMBER });
    const steps = await loadSteps({ AKR_SECRET_LOCATION: 'member' });
    const callsBefore = cloud.requests.length;

    // Act
    const state = await rotate(steps, `${MEMBER}/alice`, `${MEMBER}_alice-wire-4`);

    // Assess
    const memberSecret = cloud.account(MEMBER).secrets.getSecretValue(state.plan.secretName);
    expect(JSON.parse(memberSecret.secretString ?? '{}').AccessKeyId).toBe(state.created.newKeyId);
    expect(cloud.secrets.findSecret(state.plan.secretName)).toBeUndefined();
    const secretCalls = cloud.requests
      .slice(callsBefore)
      .filter((request) => request.service === 'secretsmanager');
    expect(secretCalls.length).toBeGreaterThan(5);
    expect(new Set(secretCalls.map((request) => request.account))).toEqual(new Set([MEMBER]));
  });

  it.each([
    ['distrusts the hub', DISTRUSTING, {}],
    ['is missing', MISSING, {}],
    ['wants another ExternalId', MEMBER, { AKR_MEMBER_EXTERNAL_ID: 'not-the-member-stacks-id' }],
  ])(
    'fails Plan with MEMBER_ACCOUNT_UNREACHABLE when the role %s, naming it, changing nothing',
    async (_case, account, env) => {
      // Prepare
      seedIamUser(cloud, { userName: 'bob', tags: OPTED_IN_TAGS, keys: [{ ageDays: 100 }] }, { account });
      const steps = await loadSteps(env);
      const changesBefore = cloud.requests.filter(
        (request) => request.mutating && request.service !== 'sts',
      ).length;

      // Act
      const error = await steps
        .plan(
          {
            input: { principal: `${account}/bob` },
            rotationId: `${account}_bob-wire`,
            executionArn: `arn:aws:states:${cloud.region}:${HUB}:execution:akr:${account}_bob-wire`,
            startedAt: new Date().toISOString(),
          },
          context,
        )
        .then(
          () => undefined,
          (caught: unknown) => caught as Error & { code?: string },
        );

      // Assess
      expect(error?.name).toBe('MemberAccountUnreachableError');
      expect(error?.code).toBe('MEMBER_ACCOUNT_UNREACHABLE');
      expect(error?.message).toContain(`arn:aws:iam::${account}:role/${ROLE}`);
      expect(error?.message).toContain('failed with AccessDenied (HTTP 403)');
      expect(cloud.requests.filter((request) => request.mutating && request.service !== 'sts').length).toBe(
        changesBefore,
      );
    },
  );
});

describe('throttling in one member account', () => {
  it("is TransientError there, retried by the state machine, while the hub's principals plan as usual", async () => {
    // Prepare
    seedMemberAlice();
    seedIamUser(cloud, { userName: 'carol', tags: OPTED_IN_TAGS, keys: [{ ageDays: 100 }] });
    const steps = await loadSteps();
    cloud.injectFault({
      service: 'iam',
      action: 'GetUser',
      account: MEMBER,
      // More than the SDK's own attempts: the throttle outlasts them, as a sustained one does.
      times: 10,
      error: { code: 'Throttling', message: 'Rate exceeded', status: 400 },
    });
    const request = (principal: string, rotationId: string) => ({
      input: { principal, dryRun: true },
      rotationId,
      executionArn: `arn:aws:states:${cloud.region}:${HUB}:execution:akr:${rotationId}`,
      startedAt: new Date().toISOString(),
    });

    // Act
    const member = await steps.plan(request(`${MEMBER}/alice`, 'throttled'), context).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    const hub = await steps.plan(request('carol', 'carol-dry'), context);
    cloud.clearFaults();

    // Assess
    expect(member?.name).toBe('TransientError');
    expect(member?.message).toMatch(/^IAM GetUser failed with Throttling \(HTTP 400\); safe to retry$/);
    expect(hub).toMatchObject({ principal: 'carol', dryRun: true });
  });
});

describe('the member session of a warm container', () => {
  afterEach(() => vi.useRealTimers());

  it('is renewed shortly before it expires, and not earlier', async () => {
    // Prepare: the container's and the cloud's clock, moved together.
    vi.useFakeTimers({ toFake: ['Date'] });
    seedMemberAlice();
    const steps = await loadSteps();
    const dryRun = (rotationId: string) =>
      steps.plan(
        {
          input: { principal: `${MEMBER}/alice`, dryRun: true },
          rotationId,
          executionArn: `arn:aws:states:${cloud.region}:${HUB}:execution:akr:${rotationId}`,
          startedAt: new Date().toISOString(),
        },
        context,
      );
    await dryRun('session-1');
    const afterFirst = assumeRoleRequests().length;

    // Act
    vi.setSystemTime(Date.now() + 40 * 60_000);
    await dryRun('session-2');
    const afterForty = assumeRoleRequests().length;
    vi.setSystemTime(Date.now() + 17 * 60_000);
    await dryRun('session-3');

    // Assess: the one-hour session served 40 minutes on, and was renewed 57 minutes on, before it expired.
    expect(afterForty).toBe(afterFirst);
    expect(assumeRoleRequests().length).toBe(afterFirst + 1);
  });
});

/** The secret of a key, as the member account's IAM holds it (never to be seen in the logs). */
function memberSecretOf(keyId: string): string {
  const key = cloud
    .account(MEMBER)
    .iam.listAccessKeys('alice')
    .find((k) => k.accessKeyId === keyId);
  return key?.secretAccessKey ?? 'no-such-key';
}
