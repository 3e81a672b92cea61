/**
 * One provider's fault scenarios, derived from fault-free reference runs, and
 * the lanes they run on. Faults are armed per cloud, so each lane is its own
 * local cloud and Lambda container; a scenario takes a free lane, seeds a fresh
 * principal, arms its rules, rotates, and checks every invariant of
 * scenario-invariants.ts. Reference runs: a managed principal with one old key,
 * a first rotation (no key, no secret yet), and a run refused at VerifyKey,
 * which takes the rollback path.
 */

import type { FaultRule, RecordedRequest } from '@access-key-rotator/local-cloud';
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import { distinctCalls, type FaultScenario, scenariosFor } from './fault-catalog.ts';
import type { FaultSession } from './fault-session.ts';
import { type Lane, openLanes } from './lanes.ts';
import { lostAnswerScenarios } from './lost-answer-scenarios.ts';
import { MatrixTally } from './matrix-tally.ts';
import { markScenario, type Outcome, outcomeOf, scenarioProblems } from './scenario-invariants.ts';

export type PrincipalShape = 'managed' | 'first';

export interface ScenarioGroup {
  readonly title: string;
  readonly shape: PrincipalShape;
  readonly scenarios: readonly FaultScenario[];
}

export interface ScenarioRun {
  readonly result: Awaited<ReturnType<FaultSession['rotate']>>;
  readonly problems: string[];
  /** The states the lane's crasher made fail after their side effect. */
  readonly crashed: readonly string[];
}

export interface FaultMatrix {
  readonly tally: MatrixTally;
  readonly groups: readonly ScenarioGroup[];
  /** Runs one scenario on a free lane, checks it against `expected` and records it in the tally. */
  run(id: string, shape: PrincipalShape, arm: (lane: Lane) => void, expected: Outcome): Promise<ScenarioRun>;
  close(): Promise<void>;
}

/** A permanent refusal at VerifyKey: the run rolls back. */
export const VERIFY_REFUSED: Readonly<Record<Provider, FaultRule>> = {
  aws: {
    service: 'sts',
    action: 'GetCallerIdentity',
    error: { code: 'AccessDenied', message: 'injected refusal', status: 403 },
  },
  yandex: {
    service: 'yandex-storage',
    action: 'ListBuckets',
    error: { code: 'InvalidRequest', message: 'injected refusal', status: 400 },
  },
};

function seed(session: FaultSession, shape: PrincipalShape): string {
  return shape === 'managed' ? session.seedPrincipal() : session.seedPrincipal({ managed: false, keys: 0 });
}

/** The calls of one run that must hold; `refusal` (if any) is armed first, and where it hit is returned. */
async function referenceRun(session: FaultSession, shape: PrincipalShape, refusal?: FaultRule) {
  const principal = seed(session, shape);
  const marks = markScenario(session);
  const before = session.cloud.requests.length;
  if (refusal) session.cloud.injectFault(refusal);
  const result = await session.rotate(principal);
  const problems = scenarioProblems(session, principal, result, marks);
  const expected: Outcome = refusal ? 'ROLLED_BACK' : 'SUCCEEDED';
  if (outcomeOf(result) !== expected || problems.length > 0)
    throw new Error(`the ${shape} reference run did not hold: ${outcomeOf(result)}; ${problems.join('; ')}`);
  const requests = session.cloud.requests.slice(before);
  return { requests, refusedAt: requests.findIndex((request) => request.fault !== undefined) };
}

function groupsOf(
  provider: Provider,
  managed: RecordedRequest[],
  first: RecordedRequest[],
  refused: { requests: RecordedRequest[]; refusedAt: number },
): ScenarioGroup[] {
  const managedCalls = distinctCalls(managed);
  const known = new Set(managedCalls.map((call) => `${call.service}:${call.action}`));
  const firstOnly = distinctCalls(first).filter((call) => !known.has(`${call.service}:${call.action}`));
  const firsts = (calls: typeof managedCalls) =>
    new Set(calls.map((call) => `${call.service}:${call.action}#1`));
  return [
    {
      title: 'every fault kind at every API call of a rotation',
      shape: 'managed',
      scenarios: managedCalls.flatMap(scenariosFor),
    },
    {
      title: 'every fault kind at the calls only a first rotation makes',
      shape: 'first',
      scenarios: firstOnly.flatMap(scenariosFor),
    },
    {
      title: 'a first rotation loses the answer to each change it makes',
      shape: 'first',
      scenarios: lostAnswerScenarios(first, { except: firsts(firstOnly), expected: 'SUCCEEDED' }),
    },
    {
      title: 'a rotation loses the answer to each later repeat of a change',
      shape: 'managed',
      scenarios: lostAnswerScenarios(managed, { except: firsts(managedCalls), expected: 'SUCCEEDED' }),
    },
    {
      title: 'a rollback loses the answer to each change it makes',
      shape: 'managed',
      scenarios: lostAnswerScenarios(refused.requests, {
        from: refused.refusedAt + 1,
        before: [VERIFY_REFUSED[provider]],
        expected: 'ROLLED_BACK',
      }),
    },
  ];
}

export async function openFaultMatrix(provider: Provider, laneCount = 4): Promise<FaultMatrix> {
  const lanes = await openLanes(provider, laneCount);
  const { session: reference } = lanes.all[0] as Lane;
  const managed = (await referenceRun(reference, 'managed')).requests;
  const first = (await referenceRun(reference, 'first')).requests;
  const refused = await referenceRun(reference, 'managed', VERIFY_REFUSED[provider]);
  const tally = new MatrixTally(`fault matrix (${provider})`);

  return {
    tally,
    groups: groupsOf(provider, managed, first, refused),
    async run(id, shape, arm, expected) {
      return lanes.use(async (lane) => {
        const { session, crasher } = lane;
        const principal = seed(session, shape);
        const marks = markScenario(session);
        const before = session.cloud.requests.length;
        crasher.crashed.length = 0;
        arm(lane);
        const result = await session.rotate(principal).finally(() => {
          session.cloud.clearFaults();
          crasher.disarm();
        });
        const problems = scenarioProblems(session, principal, result, marks);
        const crashed = [...crasher.crashed];
        const outcome = outcomeOf(result);
        if (outcome !== expected)
          problems.push(`ended ${outcome} (${result.execution.error}), not ${expected}`);
        const met = session.cloud.requests.slice(before).some((request) => request.fault !== undefined);
        if (
          !met &&
          crashed.length === 0 &&
          !JSON.stringify(result.execution).includes('injected operation failure')
        )
          problems.push('the fault never met a call');
        tally.record(id, outcome, problems, result.execution.error);
        return { result, problems, crashed };
      });
    },
    close: () => lanes.close(),
  };
}
