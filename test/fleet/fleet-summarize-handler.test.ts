import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetWorkStore } from '../../lambdas/fleet/fleet-ports.ts';
import type { FleetDiscovery, FleetSummary, FullDiscovery } from '../../lambdas/fleet/fleet-state.ts';
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
import { discoveryOf } from './fakes/fleet-world.ts';
import { writeMapRun } from './fakes/map-run-writer.ts';

const HUB = '123456789012';
const PREFIX = 'fleet/aws/scheduled-1/';

const discovery: FleetDiscovery = discoveryOf({
  scanned: 3,
  dueCount: 2,
  skipped: [{ principal: 'carol', reason: 'EXEMPT', detail: 'tag rotation=manual' }],
  skippedCounts: { EXEMPT: 1 },
  byAccount: [{ account: HUB, scanned: 3, due: 2, skipped: 1 }],
});

/** The mocked bucket as a work store, to lay out what Discover and the Maps would have written. */
function storeOver(objects: Map<string, string>): FleetWorkStore {
  return {
    bucket: 'akr-fleet-work',
    putJson: async (key, value) => {
      objects.set(key, JSON.stringify(value));
    },
    getJson: async (key) => JSON.parse(objects.get(key) ?? 'null'),
  };
}

describe('fleet-summarize handler', () => {
  let handler: StepHandler;
  let logs: LogCapture;
  let objects: Map<string, string>;
  beforeAll(async () => {
    handler = await loadFleetHandler('fleet-summarize');
  });
  afterAll(() => vi.unstubAllEnvs());
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
    objects = mockWorkBucket();
  });
  afterEach(() => logs.restore());

  it('reads the results from the work bucket, writes results.json, and logs counts but no names', async () => {
    // Prepare
    const store = storeOver(objects);
    const full: FullDiscovery = {
      discovery,
      byAccount: discovery.byAccount,
      unreadableAccounts: [],
      skipped: discovery.skipped,
    };
    await store.putJson(discovery.discoveryKey, full);
    const itemsKey = `${PREFIX}due/${HUB}.json`;
    await store.putJson(discovery.accountsKey, [{ account: HUB, itemsKey, due: 2 }]);
    const inner = await writeMapRun(store, 'fleet-results/principals', [
      {
        status: 'SUCCEEDED',
        input: { principal: 'alice' },
        output: {
          principal: 'alice',
          status: 'SUCCEEDED',
          executionArn: 'arn:aws:states:::execution:akr-aws:alice-2030-01-01',
        },
      },
      {
        status: 'SUCCEEDED',
        input: { principal: 'bob' },
        output: {
          principal: 'bob',
          status: 'FAILED',
          error: 'States.TaskFailed',
          cause: '{"Error":"TwoActiveKeysError","Cause":"bob"}',
        },
      },
    ]);
    const results = await writeMapRun(store, 'fleet-results/accounts', [
      {
        status: 'SUCCEEDED',
        input: { account: HUB, itemsKey },
        output: { account: HUB, itemsKey, run: inner },
      },
    ]);
    s3Mock.resetHistory();

    // Act
    const summary = (await handler({ discovery, results }, lambdaContext)) as FleetSummary;

    // Assess
    expect(summary.counts).toEqual({
      scanned: 3,
      due: 2,
      rotated: 1,
      alreadyStarted: 0,
      skipped: 1,
      failed: 1,
      accounts: 1,
      unreadableAccounts: 0,
    });
    expect(summary.failed).toEqual([{ principal: 'bob', error: 'TwoActiveKeysError', cause: 'bob' }]);
    expect(s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key)).toEqual([
      `${PREFIX}results.json`,
    ]);
    expect(iamMock.calls().length + dynamoMock.calls().length).toBe(0);
    const lines = logLines(logs);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      message: 'FleetSummarize succeeded',
      rotated: 1,
      failed: 1,
      skipped: 1,
    });
    for (const name of ['alice', 'bob', 'carol', 'TwoActiveKeysError'])
      expect(logs.text()).not.toContain(name);
  });

  it('refuses a payload without the Map results, naming the field, reading nothing', async () => {
    // Act
    const outcome = handler({ discovery, results: [] }, lambdaContext);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationError', field: 'results' });
    expect(s3Mock.calls()).toHaveLength(0);
  });
});
