/**
 * Reading the deployed state machines: the real SFN client against a
 * loopback endpoint that pages its answers and throttles the first call of
 * each action. The recorded histories, read back this way, must give the
 * same evidence records as read locally.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE_SAFE } from '../../cli/evidence/inventory-source.ts';
import { readDeployedAt, readRemoteHistories } from '../../cli/evidence/remote-histories.ts';
import { withExposureDefaults } from '../../evidence/model/evidence-fields.ts';
import { evidenceFromExecution } from '../../evidence/model/evidence-from-execution.ts';
import type { ExecutionHistory } from '../../evidence/model/execution-history.ts';
import { fleetRunOf } from '../../evidence/model/schedule-history.ts';
import {
  type FakeStepFunctions,
  startFakeStepFunctions,
  toWireEvents,
} from './support/fake-step-functions.ts';
import { ALL_ROTATION_FIXTURES, type FixtureName, loadFixture } from './support/report-fixtures.ts';

const ROTATION_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:WorkflowStateMachine8F1B1C15';
const FLEET_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:AwsFleetWorkflowStateMachineF0A46B0B';
const SINCE = new Date('2026-11-01T00:00:00.000Z');

/** A rotation that closed long before the period: it must be listed but never read. */
function closedLongAgo(): ExecutionHistory {
  const { history } = loadFixture('happy-path');
  return {
    ...history,
    name: 'old-1',
    executionArn: history.executionArn.replace(history.name, 'old-1'),
    startDate: '2025-10-01T00:00:00.000Z',
    stopDate: '2025-10-01T00:10:00.000Z',
  };
}

let fake: FakeStepFunctions;
let histories: ExecutionHistory[];
const progress: string[] = [];

beforeAll(async () => {
  const operator = loadFixture('operator-rollback').history;
  fake = await startFakeStepFunctions([
    ...ALL_ROTATION_FIXTURES.filter((name) => name !== 'operator-rollback').map((name) => ({
      history: loadFixture(name).history,
    })),
    { history: operator, abort: { error: 'OperatorRollback', cause: String(operator.cause) } },
    { history: closedLongAgo() },
  ]);
  const client = new SFNClient({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
    ...THROTTLE_SAFE,
  });
  histories = await readRemoteHistories(client, {
    stateMachineArns: [ROTATION_ARN, FLEET_ARN],
    since: SINCE,
    pauseMs: 1,
    onProgress: (text) => progress.push(text),
  });
  client.destroy();
}, 60_000);
afterAll(() => fake.close());

describe('readRemoteHistories', () => {
  it('follows every page of both APIs, retries throttling, and reads only executions in the period', () => {
    const operatorAbort = { error: 'OperatorRollback', cause: 'x' };
    const pagesOf = (name: FixtureName) =>
      Math.ceil(
        toWireEvents(loadFixture(name).history, name === 'operator-rollback' ? operatorAbort : undefined)
          .length / 10,
      );
    const historyPages = ALL_ROTATION_FIXTURES.reduce((sum, name) => sum + pagesOf(name), 0);

    expect(histories.map((h) => h.name).sort()).toEqual(
      ALL_ROTATION_FIXTURES.map((n) => loadFixture(n).history.name).sort(),
    );
    expect(fake.calls.filter((c) => c.endsWith('throttled'))).toEqual([
      'ListExecutions throttled',
      'GetExecutionHistory throttled',
    ]);
    // 7 rotations and the old one in pages of 2, then the fleet run alone; no history read of the old one.
    expect(fake.calls.filter((c) => c === 'ListExecutions')).toHaveLength(5);
    expect(fake.calls.filter((c) => c === 'GetExecutionHistory')).toHaveLength(historyPages);
    expect(progress.join('\n')).toMatch(/executions in the period[\s\S]*read 7\/7 histories/);
  });

  it.each<FixtureName>([
    'happy-path',
    'rollback-at-publish',
    'failure-after-publish',
    'deferred-retirement',
    'operator-rollback',
  ])('gives the same evidence record as the workflow wrote: %s', (name) => {
    const { history, expected } = loadFixture(name);
    const remote = histories.find((h) => h.executionArn === history.executionArn);

    // Recorded before the exposure fields: the workflow's own record reads with their defaults.
    expect(remote && evidenceFromExecution(remote, { provider: 'aws' })).toEqual(
      expected && withExposureDefaults(expected),
    );
  });

  it('keeps the input and the error of a refused execution, and the fleet run', () => {
    const refused = histories.find((h) => h.name === 'ev-refused-2026');
    const fleet = histories.find((h) => h.name === 'fleet-aws-2026');

    expect(refused?.input).toEqual({
      principal: 'ev-refused',
      gracePeriodSeconds: 1,
      deletionDelaySeconds: 1,
    });
    expect(refused && evidenceFromExecution(refused, { provider: 'aws' })).toMatchObject({
      status: 'FAILED',
      principal: 'ev-refused',
      failure: { error: 'TwoActiveKeysError' },
    });
    expect(fleet && fleetRunOf(fleet)).toMatchObject({ provider: 'aws', status: 'SUCCEEDED' });
  });
});

describe('readDeployedAt', () => {
  it('dates the deployment by the oldest state machine, and fails loudly for one it cannot describe', async () => {
    const dated = await startFakeStepFunctions([], 2, {
      [ROTATION_ARN]: '2026-11-20T10:00:00.000Z',
      [FLEET_ARN]: '2026-11-20T10:00:05.000Z',
    });
    const client = new SFNClient({
      endpoint: dated.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' },
      ...THROTTLE_SAFE,
    });
    try {
      const deployedAt = await readDeployedAt(client, [FLEET_ARN, ROTATION_ARN]);
      const missing = readDeployedAt(client, [`${ROTATION_ARN}Gone`]);

      expect(deployedAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
      await expect(missing).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    } finally {
      client.destroy();
      await dated.close();
    }
  });
});
