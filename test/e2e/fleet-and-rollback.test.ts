/**
 * The synthesized fleet workflow on the local cloud (Discover → one child
 * rotation per due principal → Summarize), and the operator's status and
 * rollback commands during a rotation's deletion delay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbackCommand } from '../../cli/commands/rollback-command.ts';
import { statusCommand } from '../../cli/commands/status-command.ts';
import { checkCurrentCredential } from '../../cli/demo/current-credential-check.ts';
import { stateOfCurrentStep } from '../../cli/execution-status.ts';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { FLEET_DEFAULTS } from '../../lambdas/config/fleet-environment.ts';
import type { RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { keyStatuses } from './support/cloud-views.ts';
import { type E2eHarness, openE2eHarness, secretOf } from './support/e2e-harness.ts';

let harness: E2eHarness;
const FAST = { gracePeriodSeconds: 0, deletionDelaySeconds: 0 };

function captured() {
  const lines: string[] = [];
  return {
    lines,
    output: { line: (text: string) => lines.push(text), error: (text: string) => lines.push(text) },
  };
}

beforeAll(async () => {
  harness = await openE2eHarness();
});
afterAll(() => harness.close());

describe('fleet rotation', () => {
  it('rotates who is due, skips the rest with reasons, and one failure does not stop the others', async () => {
    // Prepare
    harness.seed({ userName: 'f-due-1', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    harness.seed({ userName: 'f-due-2', keys: [{ ageDays: 95 }], managedKeyIndex: 0 });
    harness.seed({ userName: 'f-due-3', keys: [{ ageDays: 300 }], managedKeyIndex: 0 });
    harness.seed({
      userName: 'f-exempt',
      keys: [{ ageDays: 400 }],
      managedKeyIndex: 0,
      tags: { [FLEET_DEFAULTS.exemptTag]: 'true' },
    });
    harness.seed({ userName: 'f-young', keys: [{ ageDays: 10 }], managedKeyIndex: 0 });
    // Due by age, but nobody opted it in: the fleet never looks at it.
    harness.seed({
      userName: 'f-not-opted-in',
      keys: [{ ageDays: 500 }],
      managedKeyIndex: 0,
      optedIn: false,
    });
    harness.seed({ userName: 'f-two', keys: [{ ageDays: 200 }, { ageDays: 150 }], managedKeyIndex: 0 });
    harness.cloud.injectFault({
      service: 'iam',
      action: 'CreateAccessKey',
      error: { code: 'AccessDenied', message: 'denied for one principal', status: 403 },
    });

    // Act
    const { execution, summary } = await harness.rotator.runFleet({ name: 'fleet-run-1', input: FAST });

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(summary?.counts.failed).toBe(1);
    expect(summary?.counts.rotated).toBe(2);
    const handled = [
      ...(summary?.rotated.map((r) => r.principal) ?? []),
      ...(summary?.failed.map((f) => f.principal) ?? []),
    ];
    expect(handled.sort()).toEqual(['f-due-1', 'f-due-2', 'f-due-3']);
    expect(summary?.failed[0]?.error).toBeTruthy();
    const reasons = Object.fromEntries(summary?.skipped.map((skip) => [skip.principal, skip.reason]) ?? []);
    expect(reasons).toMatchObject({
      'f-exempt': 'EXEMPT',
      'f-young': 'TOO_YOUNG',
      'f-two': 'TWO_ACTIVE_KEYS',
    });
    expect(Object.keys(reasons)).not.toContain('f-not-opted-in');
    expect(Object.values(keyStatuses(harness.cloud, 'f-not-opted-in'))).toEqual(['Active']);
    for (const principal of summary?.rotated.map((r) => r.principal) ?? []) {
      expect(Object.values(keyStatuses(harness.cloud, principal))).toEqual(['Active']);
    }
    expect(harness.leaks()).toEqual([]);
  });

  it('a second run the same day starts no principal twice', async () => {
    const { summary } = await harness.rotator.runFleet({ name: 'fleet-run-2', input: FAST });

    // The principal that failed is still due, but its rotation for today exists already.
    expect(summary?.counts.rotated).toBe(0);
    expect(summary?.counts.alreadyStarted).toBe(1);
  });

  it('a dry run reports who would be rotated and why, with zero mutating calls', async () => {
    harness.seed({ userName: 'f-dry', keys: [{ ageDays: 100 }], managedKeyIndex: 0 });
    const before = harness.cloud.requests.length;

    const { execution, summary } = await harness.rotator.runFleet({
      name: 'fleet-dry-run',
      input: { dryRun: true },
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(summary).toBeUndefined();
    const discovery = execution.output as { dryRun: boolean; dueDetails: { principal: string }[] };
    expect(discovery.dryRun).toBe(true);
    expect(discovery.dueDetails.map((due) => due.principal)).toContain('f-dry');
    // Its only writes are its own report, to the fleet work bucket: no key, secret or lock.
    const writes = harness.cloud.requests.slice(before).filter((request) => request.mutating);
    expect(writes.filter((request) => !(request.service === 's3' && request.action === 'PutObject'))).toEqual(
      [],
    );
    expect(writes.length).toBeGreaterThan(0);
  });
});

describe('status and rollback during the deletion delay', () => {
  it('shows the wait, then re-activates the old key, stops the rotation and keeps AWSCURRENT working', async () => {
    // Prepare: a rotation that reaches its deletion delay and waits there.
    const [oldKeyId] = harness.seed({ userName: 'r-alice', keys: [{ ageDays: 120 }], managedKeyIndex: 0 });
    let reachedDeletionWait: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      reachedDeletionWait = resolve;
    });
    const running = harness.rotator.rotate({
      name: 'r-alice-rollback',
      input: { principal: 'r-alice', gracePeriodSeconds: 0, deletionDelaySeconds: 60 },
      onEvent: (event: HistoryEvent) => {
        if (event.type === 'StateEntered' && event.stateName === 'WaitDeletion') reachedDeletionWait();
      },
    });
    await waiting;
    expect(keyStatuses(harness.cloud, 'r-alice')[String(oldKeyId)]).toBe('Inactive');

    // A forged request to the same function, checked against the local execution record: the
    // rotation's own state, but naming another user and the key someone deactivated there by hand.
    const [mallorysKey] = harness.seed({
      userName: 'r-mallory',
      keys: [{ ageDays: 30, status: 'Inactive' }],
    });
    const events = harness.rotator.history.get('r-alice-rollback')?.events ?? [];
    const recorded = stateOfCurrentStep(events, 'WaitDeletion') as RotationState;
    const forged = { ...recorded, plan: { ...recorded.plan, principal: 'r-mallory', oldKeyId: mallorysKey } };
    await expect(harness.rotator.invokeOperation('reactivate-old-key', forged)).rejects.toThrow(
      /UnsafeKeyOperationError.*says principal r-mallory, but execution .*r-alice-rollback recorded r-alice/,
    );
    expect(keyStatuses(harness.cloud, 'r-mallory')[String(mallorysKey)]).toBe('Inactive');
    expect(keyStatuses(harness.cloud, 'r-alice')[String(oldKeyId)]).toBe('Inactive');

    // Act
    const status = captured();
    await statusCommand({ local: true, principal: 'r-alice', stateDir: harness.stateDir }, status.output);
    const rollback = captured();
    const code = await rollbackCommand(
      { local: true, principal: 'r-alice', stateDir: harness.stateDir },
      rollback.output,
    );
    const { execution } = await running;

    // Assess
    expect(status.lines.join('\n')).toMatch(
      /aws\/r-alice {2}r-alice-rollback {2}in WaitDeletion, waiting until \S+Z/,
    );
    expect(code).toBe(0);
    expect(rollback.lines[0]).toMatch(
      /^Rolled back r-alice-rollback: rolled back by the operator: old key AKIA/,
    );
    expect(execution.status).toBe('ABORTED');
    const keys = keyStatuses(harness.cloud, 'r-alice');
    expect(keys[String(oldKeyId)]).toBe('Active');
    expect(Object.values(keys)).toEqual(['Active', 'Active']);
    const current = await checkCurrentCredential(secretOf('r-alice'));
    expect(current.accessKeyId).not.toBe(oldKeyId);
    expect(harness.leaks(rollback.lines)).toEqual([]);
  });

  it('refuses a rollback outside the deletion delay, naming where the rotation is', async () => {
    const rollback = captured();

    const code = await rollbackCommand(
      { local: true, principal: 'nobody-here', stateDir: harness.stateDir },
      rollback.output,
    );

    expect(code).toBe(1);
    expect(rollback.lines.join('\n')).toMatch(/ROLLBACK_REFUSED: no rotation of nobody-here is in flight/);
  });
});
