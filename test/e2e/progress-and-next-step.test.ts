/**
 * What an operator reads while and after a rotation runs, on the real
 * workflow: a failed step is never ticked, a retried one is, and the `next:`
 * hint matches where the run stopped (refused in Plan, rolled back, failed
 * after Publish) and is absent when it succeeded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliOutput } from '../../cli/cli-output.ts';
import { RotationProgress } from '../../cli/rotation-progress.ts';
import { printRotationSummary } from '../../cli/rotation-summary.ts';
import type { RotationInput } from '../../lambdas/rotation/rotation-state.ts';
import { keyStatuses, stageHolders } from './support/cloud-views.ts';
import { type E2eHarness, openE2eHarness } from './support/e2e-harness.ts';

class StepError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const TASKS = ['Plan', 'CreateKey', 'VerifyKey', 'Publish', 'CheckOldKeyUse', 'RetireOldKey', 'DeleteOldKey'];
/** The next `times` invocations of `state` fail with `error` before calling the real handler. */
let fault: { state: string; error: string; times: number } | undefined;
let harness: E2eHarness;

beforeAll(async () => {
  harness = await openE2eHarness({
    wrapTask: (stateName, handler) => async (input) => {
      if (fault && fault.state === stateName && fault.times > 0) {
        fault.times -= 1;
        throw new StepError(fault.error, `${stateName} did not answer`);
      }
      return handler(input);
    },
    retryIntervalOverrides: Object.fromEntries([...TASKS, 'RollBack'].map((state) => [state, 10])),
  });
});
afterAll(() => harness.close());

async function rotate(principal: string, injected?: typeof fault) {
  fault = injected;
  const lines: string[] = [];
  const output: CliOutput = { line: (text) => lines.push(text), error: (text) => lines.push(text) };
  const progress = new RotationProgress(output);
  const input: RotationInput = { principal, gracePeriodSeconds: 0, deletionDelaySeconds: 0 };
  const name = `${principal}-${Date.now()}`;
  const { execution, evidence, evidencePath } = await harness.rotator.rotate({
    input,
    name,
    onEvent: progress.onEvent,
  });
  fault = undefined;
  printRotationSummary(output, { ...execution, evidence, evidencePath });
  const next = lines.find((line) => line.startsWith('  next: '));
  return { lines, next, execution, evidence };
}

const marks = (lines: readonly string[], title: string) =>
  lines.filter((line) => new RegExp(`^[✓✗↻] ${title}\\b`).test(line)).map((line) => line.slice(0, 1));

describe('progress marks', () => {
  it('shows a step the state machine caught as ✗ with its error, never ✓', async () => {
    harness.seed({ userName: 'pia', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { lines, execution } = await rotate('pia', { state: 'VerifyKey', error: 'TimeoutError', times: 1 });

    expect(execution.status).toBe('FAILED');
    expect(marks(lines, 'verify new key')).toEqual(['✗']);
    expect(lines).toContainEqual(expect.stringMatching(/^✗ verify new key \(\d+ ms\): TimeoutError$/));
    expect(marks(lines, 'roll back')).toEqual(['✓']);
    expect(lines.some((line) => line.startsWith('✗ RotationRolledBack'))).toBe(false);
  });

  it('shows a failure that a retry recovered from as a retry, then ✓', async () => {
    harness.seed({ userName: 'quinn', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { lines, execution, next } = await rotate('quinn', {
      state: 'VerifyKey',
      error: 'TransientError',
      times: 1,
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(marks(lines, 'verify new key')).toEqual(['↻', '✓']);
    expect(lines).toContainEqual(expect.stringMatching(/^↻ verify new key: retry .* after TransientError$/));
    expect(next).toBeUndefined();
    expect(lines.some((line) => line.startsWith('  failed: '))).toBe(false);
  });

  it('shows a failure nothing catches as ✗ when the run ends', async () => {
    harness.seed({ userName: 'ravi', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { lines } = await rotate('ravi', { state: 'Plan', error: 'TransientError', times: 99 });

    // The TransientError retrier allows 4 retries; the failure after the last one ends the run.
    expect(marks(lines, 'plan')).toEqual(['↻', '↻', '↻', '↻', '✗']);
  });
});

describe('the next: hint matches where the run stopped', () => {
  it('refused in Plan: nothing was changed, whatever the error', async () => {
    const [oldKeyId] = harness.seed({ userName: 'sam', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const transient = await rotate('sam', { state: 'Plan', error: 'TransientError', times: 99 });
    harness.seed({ userName: 'tess', keys: [{ ageDays: 120 }, { ageDays: 100 }] });
    const twoActive = await rotate('tess');

    expect(transient.next).toBe(
      '  next: Plan stopped before any change, so nothing was changed. Fix the cause and start again.',
    );
    expect(twoActive.execution.error).toBe('TwoActiveKeysError');
    expect(twoActive.next).toBe(
      '  next: Deactivate the key nobody uses, then start again; nothing was changed.',
    );
    for (const { next } of [transient, twoActive]) expect(next).not.toMatch(/both keys|by hand/i);
    expect(keyStatuses(harness.cloud, 'sam')).toEqual({ [String(oldKeyId)]: 'Active' });
  });

  it('rolled back: names the deleted key and says the old one is still AWSCURRENT', async () => {
    const [oldKeyId] = harness.seed({ userName: 'uma', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { next, evidence } = await rotate('uma', { state: 'VerifyKey', error: 'TimeoutError', times: 1 });

    expect(evidence?.status).toBe('ROLLED_BACK');
    expect(next).toBe(
      `  next: Rolled back: new key ${evidence?.newKeyId} was deleted and the old key is still AWSCURRENT. Fix the cause and start again.`,
    );
    expect(stageHolders(harness.cloud, 'uma')).toEqual({ AWSCURRENT: oldKeyId });
  });

  it('failed after Publish: both keys work, and the old one is left to retire by hand', async () => {
    const [oldKeyId] = harness.seed({ userName: 'vic', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { next, evidence, lines } = await rotate('vic', {
      state: 'RetireOldKey',
      error: 'TimeoutError',
      times: 1,
    });

    expect(evidence?.status).toBe('FAILED');
    expect(marks(lines, 'retire old key')).toEqual(['✗']);
    expect(next).toBe(
      `  next: Both keys remain usable and nothing was deleted: new key ${evidence?.newKeyId} is AWSCURRENT, old key ${oldKeyId} still works. Fix the cause, then retire and delete old key ${oldKeyId} by hand; a new rotation is refused while both keys are Active.`,
    );
    expect(keyStatuses(harness.cloud, 'vic')).toEqual({
      [String(oldKeyId)]: 'Active',
      [String(evidence?.newKeyId)]: 'Active',
    });
    // What the hint says: the next rotation is refused until the old key is retired.
    expect((await rotate('vic')).execution.error).toBe('TwoActiveKeysError');
  });

  it('failed after the old key was retired: it is left to delete by hand', async () => {
    const [oldKeyId] = harness.seed({ userName: 'wes', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { next, evidence } = await rotate('wes', {
      state: 'DeleteOldKey',
      error: 'TimeoutError',
      times: 1,
    });

    expect(evidence?.retiredAt).toBeTruthy();
    expect(next).toBe(
      `  next: new key ${evidence?.newKeyId} is AWSCURRENT; old key ${oldKeyId} was retired but not deleted. Fix the cause, then delete old key ${oldKeyId} by hand, or re-activate it if a consumer still needs it.`,
    );
  });

  it('finished but not recorded: says the record is missing, not that both keys remain', async () => {
    harness.seed({ userName: 'yan', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { next, execution, evidence } = await rotate('yan', {
      state: 'Record',
      error: 'TimeoutError',
      times: 1,
    });

    expect(execution.status).toBe('FAILED');
    expect(evidence).toBeUndefined();
    expect(next).toBe(
      '  next: The evidence record was not written (Record failed); the keys are as the steps above left them. Fix the cause; akr evidence rebuilds the record from the execution history.',
    );
  });

  it('succeeded: no failure and no next: line', async () => {
    harness.seed({ userName: 'xia', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });

    const { next, execution, lines } = await rotate('xia');

    expect(execution.status).toBe('SUCCEEDED');
    expect(next).toBeUndefined();
    expect(lines.filter((line) => line.startsWith('✗'))).toEqual([]);
  });
});
