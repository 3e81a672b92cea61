/**
 * An emergency rotation deactivates the exposed key right after Publish, with
 * no grace period, but only deletes it after the deletion delay: until then
 * `akr rollback` can still re-activate it, for the consumer that turns out to
 * have no way to read the new key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbackCommand } from '../../cli/commands/rollback-command.ts';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { keyStatuses } from './support/cloud-views.ts';
import { type E2eHarness, openE2eHarness } from './support/e2e-harness.ts';

let harness: E2eHarness;

beforeAll(async () => {
  harness = await openE2eHarness();
});
afterAll(() => harness.close());

describe('rollback of an emergency rotation during its deletion delay', () => {
  it('finds the exposed key Inactive at once, and re-activates it on rollback', async () => {
    // Prepare: an emergency rotation named by the exposed key, waiting out its deletion delay.
    const [exposedKeyId] = harness.seed({ userName: 'e-carol', keys: [{ ageDays: 20 }], managedKeyIndex: 0 });
    const entered: string[] = [];
    let reachedDeletionWait: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      reachedDeletionWait = resolve;
    });
    const running = harness.rotator.rotate({
      name: 'e-carol-emergency',
      input: { accessKeyId: String(exposedKeyId), emergency: true, deletionDelaySeconds: 60 },
      onEvent: (event: HistoryEvent) => {
        if (event.type !== 'StateEntered' || event.stateName === undefined) return;
        entered.push(event.stateName);
        if (event.stateName === 'WaitDeletion') reachedDeletionWait();
      },
    });
    await waiting;
    expect(keyStatuses(harness.cloud, 'e-carol')[String(exposedKeyId)]).toBe('Inactive');

    // Act
    const lines: string[] = [];
    const code = await rollbackCommand(
      { local: true, principal: 'e-carol', stateDir: harness.stateDir },
      { line: (text) => lines.push(text), error: (text) => lines.push(text) },
    );
    const { execution } = await running;

    // Assess: no grace was waited, the exposed key works again, and nothing was deleted.
    expect(entered.slice(entered.indexOf('Publish'))).toEqual([
      'Publish',
      'WaitGrace',
      'CheckOldKeyUse',
      'RetireOrDefer',
      'RetireOldKey',
      'WaitDeletion',
    ]);
    expect(code).toBe(0);
    expect(execution.status).toBe('ABORTED');
    const keys = keyStatuses(harness.cloud, 'e-carol');
    expect(keys[String(exposedKeyId)]).toBe('Active');
    expect(Object.values(keys)).toEqual(['Active', 'Active']);
    expect(harness.leaks(lines)).toEqual([]);
  });
});
