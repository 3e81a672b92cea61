/**
 * Registers one provider's fault tests: the matrix (every fault kind at every
 * API call), a lost answer at every change of a first rotation, of later
 * repeats and of a rollback, and each task crashing once after its side effect
 * (the runner-level crash), including the rollback and failure paths. Prints
 * the tally (`fault matrix (aws): N scenarios, N held …`) when done.
 */

import type { FaultRule } from '@access-key-rotator/local-cloud';
import { afterAll, describe, it } from 'vitest';
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import { ROTATION_STATE_NAMES as N } from '../../../lib/rotation/rotation-state-names.ts';
import { openFaultMatrix, VERIFY_REFUSED } from './fault-matrix.ts';
import type { Lane } from './lanes.ts';
import type { Outcome } from './scenario-invariants.ts';

const RETIRE_REFUSED: Readonly<Record<Provider, FaultRule>> = {
  aws: {
    service: 'iam',
    action: 'UpdateAccessKey',
    error: { code: 'AccessDenied', message: 'injected: not allowed', status: 403 },
  },
  yandex: {
    service: 'yandex-operation',
    action: 'UpdateAccessKey',
    error: { code: '7', message: 'injected operation failure: permission denied', status: 403 },
  },
};

interface CrashCase {
  readonly state: string;
  readonly outcome: Outcome;
  /** A permanent failure that leads the run to the state's path. */
  readonly refuse?: 'verify' | 'retire';
}

const CRASH_CASES: readonly CrashCase[] = [
  ...[
    N.plan,
    N.createKey,
    N.verifyKey,
    N.publish,
    N.checkOldKeyUse,
    N.retireOldKey,
    N.deleteOldKey,
    N.record,
  ].map((state) => ({ state, outcome: 'SUCCEEDED' as const })),
  { state: N.rollBack, outcome: 'ROLLED_BACK', refuse: 'verify' },
  { state: N.recordRollback, outcome: 'ROLLED_BACK', refuse: 'verify' },
  { state: N.recordFailure, outcome: 'FAILED', refuse: 'retire' },
];

export async function defineFaultMatrixTests(provider: Provider): Promise<void> {
  const matrix = await openFaultMatrix(provider);
  afterAll(async () => {
    console.log(matrix.tally.summary());
    console.log(`  not succeeded, as expected:\n    ${matrix.tally.unsuccessful.sort().join('\n    ')}`);
    await matrix.close();
  });

  for (const group of matrix.groups)
    describe.concurrent(`${provider}: ${group.title}`, () => {
      it.for(group.scenarios)('$id', async (scenario, { expect }) => {
        const arm = ({ session }: Lane) => {
          for (const rule of scenario.rules) session.cloud.injectFault(rule);
        };
        const { problems } = await matrix.run(scenario.id, group.shape, arm, scenario.expected);
        expect(problems).toEqual([]);
      });
    });

  describe.concurrent(`${provider}: each task crashes once after its side effect and is retried`, () => {
    it.for(CRASH_CASES)('$state', async ({ state, outcome, refuse }, { expect }) => {
      const arm = ({ session, crasher }: Lane) => {
        crasher.crashOnceAfter(state);
        if (refuse === 'verify') session.cloud.injectFault(VERIFY_REFUSED[provider]);
        if (refuse === 'retire') session.cloud.injectFault(RETIRE_REFUSED[provider]);
      };
      const { result, problems, crashed } = await matrix.run(`crash after ${state}`, 'managed', arm, outcome);

      expect(problems).toEqual([]);
      expect(crashed).toEqual([state]);
      const retried = result.execution.events.filter((event) => event.type === 'StateRetried');
      expect(retried.map((event) => event.stateName)).toContain(state);
    });
  });
}
