/**
 * A hub (not 000000000000) on the embedded local cloud with an organization
 * of three member accounts: one whose member role trusts the hub as the
 * design says (ExternalId, the hub's `/access-key-rotator/` path, the
 * organization), one whose role trusts another hub, and one with no role.
 * The step handlers are loaded as warm containers with the environment a
 * deployed step gets, pointed at the cloud, and chained as the state machine
 * chains them (zero waits).
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
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { OPTED_IN_TAGS, secretName } from '../../lambdas/config/environment.ts';
import { captureLogs, type LogCapture } from './log-capture.ts';

export const HUB = '210987654321';
export const MEMBER = '111122223333';
export const DISTRUSTING = '444455556666';
export const MISSING = '777788889999';
export const ROLE = 'access-key-rotator-member';
const LOCK_TABLE = 'akr-wire-locks';
export const PREFIX = 'access-key-rotator';

export const context = {
  functionName: 'akr-step',
  awsRequestId: 'wire-request',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${HUB}:function:akr-step`,
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

export type Step = (event: unknown, context: Context) => Promise<unknown>;
const STEP_NAMES = [
  'plan',
  'create-key',
  'verify-key',
  'publish',
  'retire-old-key',
  'delete-old-key',
  'record',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

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

export interface MemberAccountCloud {
  readonly cloud: LocalCloud;
  readonly output: LogCapture;
  loadSteps(env?: Readonly<Record<string, string>>): Promise<Record<StepName, Step>>;
  rotate(
    steps: Record<StepName, Step>,
    principal: string,
    rotationId: string,
  ): Promise<{
    plan: { secretName: string };
    created: { newKeyId: string };
    record: { principal: string; status: string };
  }>;
  /** Plan's event for a dry run (or, with `dryRun: false`, a real one) of `principal`. */
  planRequest(principal: string, rotationId: string, dryRun?: boolean): unknown;
  assumeRoleRequests(): LocalCloud['requests'];
  seedMemberAlice(options?: { readonly secretAccount?: string }): string[];
}

/** Starts the cloud before the file's tests and closes it after; captures each test's logs. */
export function useMemberAccountCloud(): MemberAccountCloud {
  let cloud: LocalCloud;
  let stateDir: string;
  let output: LogCapture;

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

  function planRequest(principal: string, rotationId: string, dryRun = true) {
    return {
      input: { principal, ...(dryRun && { dryRun }) },
      rotationId,
      executionArn: `arn:aws:states:${cloud.region}:${HUB}:execution:akr:${rotationId}`,
      startedAt: new Date().toISOString(),
    };
  }

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

  return {
    get cloud() {
      return cloud;
    },
    get output() {
      return output;
    },
    loadSteps,
    rotate,
    planRequest,
    assumeRoleRequests,
    seedMemberAlice,
  };
}
