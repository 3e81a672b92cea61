import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetSummary } from '../../lambdas/fleet/fleet-state.ts';
import {
  captureLogs,
  dynamoMock,
  iamMock,
  type LogCapture,
  lambdaContext,
  resetSdkMocks,
  type StepHandler,
} from '../handlers/handler-harness.ts';
import { loadFleetHandler, logLines } from './fakes/fleet-handler-harness.ts';
import { FLEET_EXECUTION_ARN } from './fakes/fleet-world.ts';

describe('fleet-summarize handler', () => {
  let handler: StepHandler;
  let logs: LogCapture;
  beforeAll(async () => {
    handler = await loadFleetHandler('fleet-summarize');
  });
  afterAll(() => vi.unstubAllEnvs());
  beforeEach(() => {
    logs = captureLogs();
    resetSdkMocks();
  });
  afterEach(() => logs.restore());

  const discovery = {
    provider: 'aws',
    executionArn: FLEET_EXECUTION_ARN,
    runDate: '2030-01-01',
    dryRun: false,
    scanned: 3,
    due: ['alice', 'bob'],
    dueDetails: [],
    skipped: [{ principal: 'carol', reason: 'EXEMPT', detail: 'tag rotation=manual' }],
    skippedCounts: { EXEMPT: 1 },
    skippedNotListed: 0,
  };

  it('summarizes the results, calls nothing, and logs counts but no names', async () => {
    // Prepare
    const results = [
      {
        principal: 'alice',
        status: 'SUCCEEDED',
        executionArn: 'arn:aws:states:::execution:akr-aws:alice-2030-01-01',
      },
      {
        principal: 'bob',
        status: 'FAILED',
        error: 'States.TaskFailed',
        cause: '{"Error":"TwoActiveKeysError","Cause":"bob"}',
      },
    ];

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
    });
    expect(summary.failed).toEqual([{ principal: 'bob', error: 'TwoActiveKeysError', cause: 'bob' }]);
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

  it('refuses a payload without the results, naming the field', async () => {
    // Act
    const outcome = handler({ discovery }, lambdaContext);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationError', field: 'results' });
  });
});
