import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetAccountAuthorizationDetailsCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetDiscovery } from '../../lambdas/fleet/fleet-state.ts';
import {
  captureLogs,
  dynamoMock,
  iamMock,
  type LogCapture,
  lambdaContext,
  resetSdkMocks,
  type StepHandler,
} from '../handlers/handler-harness.ts';
import { loadFleetHandler, logLines, mockWorkBucket, s3Mock } from './fakes/fleet-handler-harness.ts';
import { FLEET_EXECUTION_ARN } from './fakes/fleet-world.ts';

const NOW = new Date('2030-01-01T06:00:00.000Z');
const days = (n: number) => new Date(NOW.getTime() - n * 24 * 3600 * 1000);
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'svc,ops'];

function mockIamFleet(): void {
  const users = NAMES.map((UserName) => ({
    UserName,
    Path: '/',
    // Everyone carries the default opt-in tag; carol is also exempt.
    Tags: [
      { Key: 'access-key-rotator:rotate', Value: 'true' },
      ...(UserName === 'carol' ? [{ Key: 'rotation', Value: 'manual' }] : []),
    ],
    GroupList: [],
  }));
  iamMock
    .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
    .resolves({ UserDetailList: users.slice(0, 3), IsTruncated: true, Marker: 'next' })
    .on(GetAccountAuthorizationDetailsCommand, { Marker: 'next' })
    .resolves({ UserDetailList: users.slice(3), IsTruncated: false });
  const keys = (name: string, ...ages: number[]) =>
    iamMock.on(ListAccessKeysCommand, { UserName: name }).resolves({
      AccessKeyMetadata: ages.map((age, i) => ({
        UserName: name,
        AccessKeyId: `AKIA${name.toUpperCase().padEnd(12, 'X')}000${i}`,
        Status: 'Active',
        CreateDate: days(age),
      })),
      IsTruncated: false,
    });
  keys('alice', 80);
  keys('bob', 10);
  keys('carol', 200);
  keys('dave', 100, 5);
  keys('erin', 100);
  dynamoMock.on(GetItemCommand).resolves({});
  dynamoMock.on(GetItemCommand, { Key: { lockId: { S: 'aws#erin' } } }).resolves({
    Item: {
      lockId: { S: 'aws#erin' },
      rotationId: { S: 'erin-2029-12-31' },
      executionArn: { S: 'arn:aws:states:eu-west-1:123456789012:execution:akr-aws:erin-2029-12-31' },
      acquiredAt: { S: '2029-12-31T06:00:00.000Z' },
      expiresAt: { S: '2030-02-01T00:00:00.000Z' },
    },
  });
}
describe('fleet-discover handler', () => {
  let handler: StepHandler;
  let logs: LogCapture;
  let objects: Map<string, string>;
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    handler = await loadFleetHandler('fleet-discover');
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
    mockIamFleet();
    objects = mockWorkBucket();
  });
  afterEach(() => logs.restore());

  it('discovers through IAM and DynamoDB, and logs counts but no names', async () => {
    // Act
    const event = { input: {}, executionArn: FLEET_EXECUTION_ARN, startedAt: NOW.toISOString() };
    const discovery = (await handler(event, lambdaContext)) as FleetDiscovery;

    // Assess
    expect(discovery).toMatchObject({
      runDate: '2030-01-01',
      scanned: 6,
      dueCount: 1,
      workBucket: 'akr-fleet-work',
      accountsKey: 'fleet/aws/scheduled-1/accounts.json',
    });
    // The hub's account comes from the execution ARN when the deployment names none.
    expect(JSON.parse(objects.get('fleet/aws/scheduled-1/accounts.json') ?? '')).toEqual([
      { account: '123456789012', itemsKey: 'fleet/aws/scheduled-1/due/123456789012.json', due: 1 },
    ]);
    expect(JSON.parse(objects.get('fleet/aws/scheduled-1/due/123456789012.json') ?? '')).toEqual([
      { principal: 'alice', name: 'alice-2030-01-01' },
    ]);
    expect(discovery.skipped.map((s) => [s.principal, s.reason])).toEqual([
      ['bob', 'TOO_YOUNG'],
      ['carol', 'EXEMPT'],
      ['dave', 'TWO_ACTIVE_KEYS'],
      ['erin', 'ROTATION_IN_FLIGHT'],
      ['svc,ops', 'NAME_NOT_USABLE'],
    ]);
    expect(iamMock.commandCalls(ListAccessKeysCommand)).toHaveLength(4);
    const lines = logLines(logs);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      message: 'FleetDiscover succeeded',
      scanned: 6,
      due: 1,
      skippedCounts: {
        TOO_YOUNG: 1,
        EXEMPT: 1,
        TWO_ACTIVE_KEYS: 1,
        ROTATION_IN_FLIGHT: 1,
        NAME_NOT_USABLE: 1,
      },
    });
    for (const name of NAMES) expect(logs.text()).not.toContain(name);
  });

  it('refuses bad input with ValidationError before any SDK call', async () => {
    // Act
    const event = {
      input: { maxKeyAgeDays: '90' },
      executionArn: FLEET_EXECUTION_ARN,
      startedAt: NOW.toISOString(),
    };
    const outcome = handler(event, lambdaContext);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationError', field: 'maxKeyAgeDays' });
    expect(iamMock.calls().length + dynamoMock.calls().length + s3Mock.calls().length).toBe(0);
  });

  it('refuses a payload without the start time, naming the field', async () => {
    // Act
    const outcome = handler({ input: {}, executionArn: FLEET_EXECUTION_ARN }, lambdaContext);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationError', field: 'startedAt' });
    expect(iamMock.calls()).toHaveLength(0);
  });
});
