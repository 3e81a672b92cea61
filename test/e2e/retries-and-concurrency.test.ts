/**
 * Invariants 4 and 5 on the real workflow: every task crashes once after its
 * side effect and is retried by Step Functions; and concurrent rotations of
 * one principal let exactly one through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyStatuses, stageHolders } from './support/cloud-views.ts';
import { type E2eHarness, openE2eHarness } from './support/e2e-harness.ts';

/** The error Lambda reports when an invocation dies (e.g. the container crashed). */
class LambdaServiceError extends Error {
  override readonly name = 'Lambda.ServiceException';
}

const LAMBDA_TASKS = [
  'Plan',
  'CreateKey',
  'VerifyKey',
  'Publish',
  'CheckOldKeyUse',
  'RetireOldKey',
  'DeleteOldKey',
  'Record',
];
const crashedOnce = new Set<string>();
let crashing = false;
let harness: E2eHarness;

beforeAll(async () => {
  harness = await openE2eHarness({
    // After the real handler has done its work, the first invocation of each task still fails.
    wrapTask: (stateName, handler) => async (input) => {
      const result = await handler(input);
      if (crashing && !crashedOnce.has(stateName)) {
        crashedOnce.add(stateName);
        throw new LambdaServiceError(`${stateName} crashed after its side effect`);
      }
      return result;
    },
    retryIntervalOverrides: Object.fromEntries(LAMBDA_TASKS.map((state) => [state, 10])),
  });
});
afterAll(() => harness.close());

describe('invariant 4: every step converges when retried after its side effect', () => {
  it('completes with exactly one key, the new one, published; every task was retried once', async () => {
    // Prepare
    const [oldKeyId] = harness.seed({ userName: 'ivan', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    crashing = true;

    // Act
    const { execution, evidence } = await harness.run({
      principal: 'ivan',
      gracePeriodSeconds: 0,
      deletionDelaySeconds: 0,
    });
    crashing = false;

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const retried = execution.events
      .filter((event) => event.type === 'StateRetried')
      .map((event) => event.stateName);
    expect(new Set(retried)).toEqual(new Set(LAMBDA_TASKS));
    expect(evidence?.oldKeyId).toBe(oldKeyId);
    expect(keyStatuses(harness.cloud, 'ivan')).toEqual({ [String(evidence?.newKeyId)]: 'Active' });
    expect(stageHolders(harness.cloud, 'ivan')).toEqual({ AWSCURRENT: evidence?.newKeyId });
    expect(harness.monitor.violations).toEqual([]);
    expect(harness.leaks()).toEqual([]);
  });
});

describe('invariant 5: one rotation at a time per principal', () => {
  it('lets exactly one of four concurrent rotations through; the others are refused and change nothing', async () => {
    // Prepare
    harness.seed({ userName: 'judy', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    // The winner holds the lock through a grace period longer than a cold container start.
    const input = { principal: 'judy', gracePeriodSeconds: 5, deletionDelaySeconds: 0 };

    // Act
    const results = await Promise.all([1, 2, 3, 4].map((n) => harness.run(input, `judy-concurrent-${n}`)));

    // Assess
    const succeeded = results.filter((result) => result.execution.status === 'SUCCEEDED');
    const refused = results.filter((result) => result.execution.status === 'FAILED');
    expect(succeeded).toHaveLength(1);
    expect(refused.map((result) => result.execution.error)).toEqual([
      'RotationInFlightError',
      'RotationInFlightError',
      'RotationInFlightError',
    ]);
    for (const result of refused) {
      const own = result.execution.events.filter((event) => event.stateName && event.stateName !== 'Plan');
      expect(own).toEqual([]);
    }
    const newKeyId = String(succeeded[0]?.evidence?.newKeyId);
    expect(keyStatuses(harness.cloud, 'judy')).toEqual({ [newKeyId]: 'Active' });
    expect(harness.monitor.violations).toEqual([]);
    expect(harness.leaks()).toEqual([]);
  });
});
