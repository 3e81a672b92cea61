/**
 * Discover and Summarize, the handlers as deployed (their wiring, real SDK
 * clients, real wire protocols), against the embedded local cloud: an
 * organization whose hub is not 000000000000, a member account reached
 * through STS AssumeRole and its member role's real trust policy, a member
 * without the role (unreadable), one throttled past the SDK's retries
 * (unreadable), a SUSPENDED one (left out), the lock table, and the work
 * bucket on the local S3, where the Maps' results are laid out as AWS's
 * ResultWriter writes them.
 */

import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedIamUser,
  seedOrganization,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { s3FleetWorkStore } from '../../lambdas/adapters/aws/s3-fleet-work-store.ts';
import type {
  DueAccount,
  FleetDiscovery,
  FleetSummary,
  FullResults,
} from '../../lambdas/fleet/fleet-state.ts';
import { rotatedAll, runFleetMaps } from './fakes/map-run-writer.ts';

const HUB = '210987654321';
const MEMBER = '444455556666';
const NO_ROLE = '555566667777';
const THROTTLED = '666677778888';
const SUSPENDED = '777788889999';
const BUCKET = 'akr-fleet-work-local';
const TABLE = 'akr-locks';
const EXTERNAL_ID = 'access-key-rotator';
const EXECUTION_ARN = `arn:aws:states:us-east-1:${HUB}:execution:akr-fleet-aws:fleet-aws-local-1`;
const OPT_IN = { 'access-key-rotator:rotate': 'true' };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const context = {
  functionName: 'akr-fleet',
  awsRequestId: 'request-0001',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

function memberRole(cloud: LocalCloud, account: string, organizationId: string): void {
  cloud.account(account).iam.roles.create({
    roleName: 'access-key-rotator-member',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${HUB}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'sts:ExternalId': EXTERNAL_ID, 'aws:PrincipalOrgID': organizationId },
            ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/access-key-rotator/*` },
          },
        },
      ],
    },
    policies: {
      read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] },
    },
  });
}

async function loadHandler(name: 'fleet-discover' | 'fleet-summarize'): Promise<Handler> {
  vi.resetModules();
  return ((await import(`../../lambdas/handlers/${name}.ts`)) as { handler: Handler }).handler;
}

describe('fleet over the local cloud', () => {
  let cloud: LocalCloud;
  let s3: S3Client;
  let discover: Handler;
  let summarize: Handler;

  beforeAll(async () => {
    cloud = await startLocalCloud({ persist: false, accountId: HUB });
    const organization = seedOrganization(cloud, {
      ous: [{ name: 'workloads' }],
      accounts: [
        { id: MEMBER, ou: 'workloads' },
        { id: NO_ROLE, ou: 'workloads' },
        { id: THROTTLED },
        { id: SUSPENDED, status: 'SUSPENDED' },
      ],
    });
    memberRole(cloud, MEMBER, organization.organizationId);
    memberRole(cloud, THROTTLED, organization.organizationId);
    seedIamUser(cloud, { userName: 'hub-alice', tags: OPT_IN, keys: [{ ageDays: 100 }] });
    seedIamUser(cloud, { userName: 'hub-young', tags: OPT_IN, keys: [{ ageDays: 3 }] });
    for (const userName of ['deploy', 'ci'])
      seedIamUser(cloud, { userName, tags: OPT_IN, keys: [{ ageDays: 120 }] }, { account: MEMBER });
    seedIamUser(
      cloud,
      { userName: 'two', tags: OPT_IN, keys: [{ ageDays: 120 }, { ageDays: 1 }] },
      { account: MEMBER },
    );
    seedIamUser(cloud, { userName: 'lost', tags: OPT_IN, keys: [{ ageDays: 120 }] }, { account: THROTTLED });

    const env = {
      AWS_ENDPOINT_URL: cloud.endpoint,
      AWS_REGION: cloud.region,
      AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
      AWS_MAX_ATTEMPTS: '2',
      AKR_PROVIDER: 'aws',
      AKR_SECRET_NAME_PREFIX: 'access-key-rotator',
      AKR_SECRETS_KMS_KEY_ID: 'alias/akr-secrets',
      AKR_LOCK_TABLE_NAME: TABLE,
      AKR_USER_PATH: '/',
      AKR_OPT_IN_TAG: 'access-key-rotator:rotate=true',
      AKR_HUB_ACCOUNT_ID: HUB,
      AKR_ACCOUNTS: 'organization',
      AKR_FLEET_WORK_BUCKET: BUCKET,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const clientConfig = {
      endpoint: cloud.endpoint,
      region: cloud.region,
      credentials: LOCAL_ADMIN_CREDENTIALS,
    };
    s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await new DynamoDBClient(clientConfig).send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    discover = await loadHandler('fleet-discover');
    summarize = await loadHandler('fleet-summarize');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await cloud?.close();
  });

  it('refuses bad input by name and writes nothing to the work bucket', async () => {
    // Act
    const outcome = discover(
      {
        input: { accounts: [MEMBER], excludeAccounts: [MEMBER] },
        executionArn: EXECUTION_ARN,
        startedAt: '2030-01-01T03:00:00Z',
      },
      context,
    );

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationError', field: 'excludeAccounts' });
    expect(cloud.s3.objects(BUCKET)).toEqual([]);
  });

  it('discovers the ACTIVE accounts, lists the unreadable ones, and the Maps’ results summarize by account', async () => {
    // Prepare: the throttled account answers every IAM listing with Throttling.
    cloud.injectFault({
      service: 'iam',
      action: 'GetAccountAuthorizationDetails',
      account: THROTTLED,
      times: 10,
      error: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    });

    // Act
    const discovery = (await discover(
      { input: {}, executionArn: EXECUTION_ARN, startedAt: new Date().toISOString() },
      context,
    )) as FleetDiscovery;

    // Assess: Discover
    expect(discovery.byAccount).toEqual([
      { account: HUB, scanned: 2, due: 1, skipped: 1 },
      { account: MEMBER, scanned: 3, due: 2, skipped: 1 },
    ]);
    expect(discovery.unreadableAccounts.map((u) => u.account)).toEqual([NO_ROLE, THROTTLED]);
    const [noRole, throttled] = discovery.unreadableAccounts;
    expect(`${noRole?.error}: ${noRole?.cause}`).toMatch(/AccessDenied|Unreachable/);
    expect(noRole?.cause).toContain(NO_ROLE);
    expect(throttled?.cause).toMatch(/Throttling/);
    expect(discovery.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ principal: `${MEMBER}/two`, reason: 'TWO_ACTIVE_KEYS' }),
      ]),
    );
    const store = s3FleetWorkStore(s3, BUCKET);
    const manifest = (await store.getJson(discovery.accountsKey)) as DueAccount[];
    expect(manifest.map((a) => [a.account, a.due])).toEqual([
      [HUB, 1],
      [MEMBER, 2],
    ]);
    const memberItems = await store.getJson(manifest[1]?.itemsKey ?? '');
    expect(memberItems).toEqual([
      { principal: `${MEMBER}/ci`, name: `${MEMBER}_ci-${discovery.runDate}` },
      { principal: `${MEMBER}/deploy`, name: `${MEMBER}_deploy-${discovery.runDate}` },
    ]);
    expect(JSON.stringify(discovery)).not.toContain(SUSPENDED);

    // Act: the Maps run (their results written as AWS writes them), then Summarize.
    const results = await runFleetMaps(store, discovery, rotatedAll);
    const summary = (await summarize({ discovery, results }, context)) as FleetSummary;

    // Assess: Summarize
    expect(summary.counts).toMatchObject({
      due: 3,
      rotated: 3,
      failed: 0,
      accounts: 4,
      unreadableAccounts: 2,
    });
    expect(summary.byAccount.map((a) => [a.account, a.status, a.rotated])).toEqual([
      [HUB, 'SUCCEEDED', 1],
      [MEMBER, 'SUCCEEDED', 2],
      [NO_ROLE, 'FAILED', 0],
      [THROTTLED, 'FAILED', 0],
    ]);
    const full = (await store.getJson(summary.resultsLocation.key)) as FullResults;
    expect(summary.resultsLocation).toEqual({
      bucket: BUCKET,
      key: 'fleet/aws/fleet-aws-local-1/results.json',
    });
    expect(full.accounts.flatMap((a) => a.results.map((r) => r.principal))).toEqual([
      'hub-alice',
      `${MEMBER}/ci`,
      `${MEMBER}/deploy`,
    ]);
  });
});
