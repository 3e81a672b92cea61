/**
 * Execution input that is not an object at all (`null`, a number, a string,
 * an array), as StartExecution accepts it: the run must reach Plan (or the
 * fleet's Discover) and be refused there by name, not fail in the runner
 * before any rule has seen it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eHarness, openE2eHarness } from './support/e2e-harness.ts';

let harness: E2eHarness;
beforeAll(async () => {
  harness = await openE2eHarness();
});
afterAll(() => harness.close());

const RAW_INPUTS: readonly [string, unknown][] = [
  ['null', null],
  ['a number', 5],
  ['a string', 'alice'],
  ['an array', [{ principal: 'alice' }]],
  ['a boolean', true],
];

describe('raw execution input that is not an object', () => {
  it.each(RAW_INPUTS)(
    '%s is refused in Plan with a ValidationError naming the input',
    async (label, input) => {
      const before = harness.cloud.requests.length;

      const { execution } = await harness.rotator.rotate({
        input: input as never,
        name: `raw-${label.replace(/ /g, '-')}`,
      });

      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('ValidationError');
      expect(execution.cause).toContain('input: must be a JSON object');
      const failedStates = execution.events.filter((event) => event.type === 'StateFailed');
      expect(failedStates.map((event) => event.stateName)).toEqual(['Plan']);
      expect(harness.cloud.requests.slice(before).filter((request) => request.mutating)).toEqual([]);
    },
  );

  it('null is refused by the fleet in Discover, by name', async () => {
    const { execution } = await harness.rotator.runFleet({ input: null as never, name: 'raw-fleet-null' });

    expect(execution.status).toBe('FAILED');
    const failedTasks = execution.events.filter((e) => e.type === 'StateFailed' && e.stateType === 'Task');
    expect(failedTasks.map((event) => [event.stateName, event.error])).toEqual([
      ['Discover', 'ValidationError'],
    ]);
    expect(failedTasks[0]?.cause).toContain('input: must be a JSON object');
    // Discover's Catch writes $.failure, which a null input cannot hold: the run's own error is then
    // States.ResultPathMatchFailure, after the refusal above (the rotation's Plan has no Catch).
  });
});
