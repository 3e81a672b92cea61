/**
 * A notification that never answers, after Publish has moved AWSCURRENT: the
 * rotation must not be sent into a rollback that has to refuse (which used to
 * end RollbackFailed with the lock held for the lock's whole lease).
 *
 * - Within the function timeout, the bounded SNS client gives up, Publish
 *   records `notificationFailure`, and the run succeeds.
 * - Should Publish still outrun its function timeout after moving the label,
 *   RollBack sees the rotation published and sends it down the after-Publish
 *   path: FAILED, both keys usable, the failure recorded and the lock released.
 */

import type { FaultRule } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROTATION_STATE_NAMES as N } from '../../lib/rotation/rotation-state-names.ts';
import { type FaultSession, openFaultSession } from './support/fault-session.ts';
import { markScenario, outcomeOf, scenarioProblems } from './support/scenario-invariants.ts';

const SNS_HANGS: FaultRule = { service: 'sns', action: 'Publish', kind: 'hang', times: 1_000 };

// The fault session gives up each attempt after 1 s; Publish sends 2 events, 2 attempts each: about 4 s.

async function hungNotificationRun(session: FaultSession) {
  const principal = session.seedPrincipal();
  const marks = markScenario(session);
  session.cloud.injectFault(SNS_HANGS);
  const result = await session.rotate(principal).finally(() => session.cloud.clearFaults());
  return { result, problems: scenarioProblems(session, principal, result, marks) };
}

describe('SNS Publish hangs after AWSCURRENT has moved', () => {
  // Opened before the tests (each synthesizes the app), so only the runs count against a test's time.
  let unbounded: FaultSession;
  let shortFunctions: FaultSession;
  beforeAll(async () => {
    unbounded = await openFaultSession('aws');
    // The function gives up before the notifier does.
    shortFunctions = await openFaultSession('aws', { maxFunctionTimeoutMs: 2_500 });
  });
  afterAll(async () => {
    await unbounded?.close();
    await shortFunctions?.close();
  });

  it('succeeds within the function timeout, with the notification failure recorded', async () => {
    // Act
    const { result, problems } = await hungNotificationRun(unbounded);

    // Assess
    expect(problems).toEqual([]);
    expect(outcomeOf(result)).toBe('SUCCEEDED');
    const published = result.execution.events.find(
      (event) => event.type === 'StateExited' && event.stateName === N.publish,
    );
    expect(JSON.stringify(published)).toContain('notificationFailure');
    expect(JSON.stringify(published)).toMatch(/SNS Publish could not send .*did not answer within 1 s/);
    expect(unbounded.cloud.requests.filter((request) => request.fault === 'hang').length).toBeGreaterThan(0);
  });

  it('ends FAILED with the lock released and both keys usable when Publish outruns its function timeout', async () => {
    // Act
    const { result, problems } = await hungNotificationRun(shortFunctions);

    // Assess
    expect(problems).toEqual([]);
    expect(outcomeOf(result)).toBe('FAILED');
    // middy ends the handler 5 ms before the deadline (TimeoutError); on a busy machine the
    // container's own deadline can answer first (Sandbox.Timedout). Either is the function timing out.
    expect(['TimeoutError', 'Sandbox.Timedout']).toContain(result.execution.error);
    expect(result.evidence).toMatchObject({ status: 'FAILED', failure: { error: result.execution.error } });
    expect(result.evidence?.publishedAt).toBeNull();
    const states = result.execution.events.map((event) => event.stateName);
    expect(states).toContain(N.recordFailure);
    expect(states).not.toContain(N.rollbackFailed);
  });
});
