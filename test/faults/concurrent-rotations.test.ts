/**
 * Invariant 5 for both providers: five rotations of one principal started at
 * once. Exactly one proceeds; the other four are refused by Plan with
 * RotationInFlightError and change nothing: one key is created and one
 * deleted in all, and the principal ends with the winner's key published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { type FaultSession, openFaultSession } from './support/fault-session.ts';
import { principalKeys, secretStages } from './support/principal-state.ts';
import { markScenario, scenarioProblems } from './support/scenario-invariants.ts';

const ROTATIONS = 5;
/**
 * The winner holds the lock through its grace period, so every other Plan
 * meets it even when its Lambda container starts cold (a second or more on a
 * busy machine); with no wait, a late Plan could legitimately follow a
 * finished winner.
 */
const HELD = { gracePeriodSeconds: 5, deletionDelaySeconds: 0 };

describe.each(['aws', 'yandex'] as const)(
  '%s: concurrent rotations of one principal',
  (provider: Provider) => {
    let session: FaultSession;
    beforeAll(async () => {
      session = await openFaultSession(provider);
    });
    afterAll(() => session.close());

    it(`lets exactly one of ${ROTATIONS} through; the others are refused and change nothing`, async () => {
      // Prepare
      const principal = session.seedPrincipal();
      const [oldKey] = principalKeys(session, principal);
      const marks = markScenario(session);
      const before = session.cloud.requests.length;

      // Act
      const results = await Promise.all(
        Array.from({ length: ROTATIONS }, (_, n) =>
          session.rotate(principal, `${principal}-concurrent-${n}`, HELD),
        ),
      );

      // Assess
      const succeeded = results.filter((result) => result.execution.status === 'SUCCEEDED');
      const refused = results.filter((result) => result.execution.status !== 'SUCCEEDED');
      expect(succeeded).toHaveLength(1);
      expect(refused.map((result) => [result.execution.error, result.evidence])).toEqual(
        Array.from({ length: ROTATIONS - 1 }, () => ['RotationInFlightError', undefined]),
      );
      for (const result of refused) {
        expect(result.execution.cause).toMatch(/in flight|took the lock/);
        const states = new Set(result.execution.events.flatMap((event) => event.stateName ?? []));
        expect([...states]).toEqual(['Plan']);
      }
      const changes = session.cloud.requests
        .slice(before)
        .filter((request) => request.status === 200 && /(Create|Delete)AccessKey$/.test(request.action))
        .map((request) => request.action);
      expect(changes.sort()).toEqual(['CreateAccessKey', 'DeleteAccessKey']);
      const newKeyId = succeeded[0]?.evidence?.newKeyId;
      expect(principalKeys(session, principal).map((key) => key.keyId)).toEqual([newKeyId]);
      expect(secretStages(session, principal).AWSCURRENT?.keyId).toBe(newKeyId);
      expect(newKeyId).not.toBe(oldKey?.keyId);
      // Every run's own history, evidence and logs, and the monitor's watch over all of them.
      for (const result of results) expect(scenarioProblems(session, principal, result, marks)).toEqual([]);
    });
  },
);
