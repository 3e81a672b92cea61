/**
 * A local rotation whose runner dies half-way can be finished or undone.
 * `akr rotate --local` runs as a real child process and is killed (SIGINT,
 * SIGTERM or SIGKILL) at each step, or while that step's call is answering;
 * then `akr resume` or `akr abort` takes over. Throughout, I1 and I3 hold
 * (checked while the child runs and after every event of the continuation);
 * at the end there is no orphan key, no AWSPENDING, no lock, no secret in any
 * output (I2), and the principal rotates again at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, secretName } from '../../lambdas/config/environment.ts';
import { abortRotation } from '../../local/interrupted/abort-rotation.ts';
import { resumeRotation } from '../../local/interrupted/resume-rotation.ts';
import type { LocalRotationResult } from '../../local/local-rotation.ts';
import { evidenceFromHistory } from '../../local/workflow/evidence-from-history.ts';
import { type FaultSession, openFaultSession } from '../faults/support/fault-session.ts';
import { principalKeys, secretStages } from '../faults/support/principal-state.ts';
import {
  markScenario,
  type Outcome,
  outcomeOf,
  scenarioProblems,
} from '../faults/support/scenario-invariants.ts';
import { leakedSecrets } from './support/invariant-monitor.ts';
import { afterCall, entered, readRecord, runAkr } from './support/killable-runner.ts';

type Signal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

/** Where the runner dies: right after one of its calls acted, or on entering a state. */
type KillPoint =
  | { readonly state: string }
  | { readonly afterCall: (cloud: LocalCloud, principal: string, kill: () => void) => () => void };

interface Scenario {
  readonly step: string;
  readonly signal: Signal;
  readonly at: KillPoint;
  readonly recovery: 'resume' | 'abort';
  readonly outcome: Outcome;
  readonly grace?: string;
  readonly deletionDelay?: string;
}

const lockOf = (principal: string) => `aws#${principal}`;
const secretOf = (principal: string) => secretName(DEFAULT_SETTINGS.secretNamePrefix, 'aws', principal);

/** The new key exists, and its secret is only in the answer the runner never reads. */
const CREATE_ACCESS_KEY: Pick<Scenario, 'step' | 'at'> = {
  step: 'CreateKey, while CreateAccessKey answers',
  at: {
    afterCall: (cloud, principal, kill) =>
      afterCall(cloud.iam, 'createAccessKey', (user) => user === principal, kill),
  },
};

const SCENARIOS: readonly Scenario[] = [
  {
    step: 'Plan, once the lock is taken',
    signal: 'SIGKILL',
    at: {
      afterCall: (cloud, principal, kill) =>
        afterCall(
          cloud.dynamodb,
          'putItem',
          (_table, item) => (item as { lockId?: { S?: string } }).lockId?.S === lockOf(principal),
          kill,
        ),
    },
    recovery: 'resume',
    outcome: 'SUCCEEDED',
  },
  { ...CREATE_ACCESS_KEY, signal: 'SIGKILL', recovery: 'abort', outcome: 'ROLLED_BACK' },
  { ...CREATE_ACCESS_KEY, signal: 'SIGTERM', recovery: 'resume', outcome: 'SUCCEEDED' },
  {
    step: 'VerifyKey, once the new key signed its request',
    signal: 'SIGINT',
    at: {
      afterCall: (cloud, principal, kill) =>
        afterCall(
          cloud.iam,
          'recordKeyUse',
          (keyId) => cloud.iam.listAccessKeys(principal).some((key) => key.accessKeyId === keyId),
          kill,
        ),
    },
    recovery: 'abort',
    outcome: 'ROLLED_BACK',
  },
  {
    step: 'Publish, while UpdateSecretVersionStage answers',
    signal: 'SIGKILL',
    at: {
      afterCall: (cloud, principal, kill) =>
        afterCall(cloud.secrets, 'updateSecretVersionStage', (id) => id === secretOf(principal), kill),
    },
    recovery: 'abort',
    outcome: 'FAILED',
  },
  {
    step: 'WaitGrace',
    signal: 'SIGTERM',
    at: { state: 'WaitGrace' },
    recovery: 'resume',
    outcome: 'SUCCEEDED',
    grace: '2s',
  },
  {
    step: 'RetireOldKey, while UpdateAccessKey answers',
    signal: 'SIGKILL',
    at: {
      afterCall: (cloud, principal, kill) =>
        afterCall(cloud.iam, 'updateAccessKey', (user) => user === principal, kill),
    },
    recovery: 'abort',
    outcome: 'FAILED',
    grace: '0s',
  },
  {
    step: 'Record, once the lock is released',
    signal: 'SIGKILL',
    at: {
      afterCall: (cloud, principal, kill) =>
        afterCall(
          cloud.dynamodb,
          'deleteItem',
          (_table, key) => (key as { lockId?: { S?: string } }).lockId?.S === lockOf(principal),
          kill,
        ),
    },
    recovery: 'resume',
    outcome: 'SUCCEEDED',
    grace: '0s',
    deletionDelay: '0s',
  },
];

let session: FaultSession;
let runs = 0;

beforeAll(async () => {
  session = await openFaultSession('aws');
}, 120_000);
afterAll(() => session?.close());

function startRotation(principal: string, grace: string, deletionDelay: string) {
  const name = `${principal}-interrupted-${++runs}`;
  const args = [
    '--principal',
    principal,
    '--name',
    name,
    '--grace',
    grace,
    '--deletion-delay',
    deletionDelay,
  ];
  return { name, run: runAkr(session.cloud, session.stateDir, ['rotate', '--local', ...args]) };
}

/** Starts `akr rotate --local` and kills it at the point; I1/I3 are checked while it runs. */
async function interruptedRotation(
  principal: string,
  scenario: Pick<Scenario, 'signal' | 'at' | 'grace' | 'deletionDelay'>,
) {
  const { name, run } = startRotation(principal, scenario.grace ?? '0s', scenario.deletionDelay ?? '0s');
  const watch = setInterval(
    () => session.monitor.check(principal, secretOf(principal), 'while the runner runs'),
    25,
  );
  const kill = () => run.child.kill(scenario.signal);
  let undo = () => undefined as unknown;
  if ('afterCall' in scenario.at) undo = scenario.at.afterCall(session.cloud, principal, kill);
  else {
    await entered(session.stateDir, name, scenario.at.state);
    kill();
  }
  const exit = await run.exited;
  clearInterval(watch);
  undo();
  return { name, run, exit };
}

function childTexts(outputs: readonly string[]): string[] {
  return [...outputs, readFileSync(join(session.stateDir, 'logs', 'lambda.log'), 'utf8')];
}

function expectHeldEnd(
  principal: string,
  result: LocalRotationResult,
  marks: ReturnType<typeof markScenario>,
  outcome: Outcome,
  outputs: readonly string[],
) {
  expect(scenarioProblems(session, principal, result, marks)).toEqual([]);
  expect(leakedSecrets(childTexts(outputs), session.monitor.secrets())).toEqual([]);
  expect(outcomeOf(result)).toBe(outcome);
  const keys = principalKeys(session, principal);
  if (outcome === 'FAILED') {
    // After Publish: both keys stay usable.
    expect(keys).toHaveLength(2);
    expect(keys.every((key) => key.usable)).toBe(true);
  }
  if (outcome === 'ROLLED_BACK') expect(keys).toHaveLength(1);
}

/** After Publish both keys stay Active; as after any failure past Publish, the operator retires the old one. */
async function rotatesAgainAtOnce(principal: string) {
  const current = secretStages(session, principal).AWSCURRENT?.keyId;
  for (const key of principalKeys(session, principal))
    if (key.keyId !== current) session.cloud.iam.updateAccessKey(principal, key.keyId, 'Inactive');
  const again = await session.rotate(principal);
  expect(again.execution.status).toBe('SUCCEEDED');
  expect(principalKeys(session, principal)).toHaveLength(1);
}

describe('an interrupted local rotation', () => {
  for (const scenario of SCENARIOS) {
    it(`killed (${scenario.signal}) in ${scenario.step}, then ${scenario.recovery}: ends ${scenario.outcome}, invariants hold, rotates again at once`, async () => {
      // Prepare
      const principal = session.seedPrincipal();
      const oldKeyId = principalKeys(session, principal)[0]?.keyId;
      const marks = markScenario(session);

      // Act
      const { name, run, exit } = await interruptedRotation(principal, scenario);
      const record = session.rotator.history.get(name);
      const watch = session.monitor.watch(principal, secretOf(principal));
      const result =
        scenario.recovery === 'resume'
          ? await resumeRotation(session.rotator, record as never, { onEvent: watch })
          : await abortRotation(session.rotator, record as never, { onEvent: watch });

      // Assess
      expect(record?.status).toBe('RUNNING');
      if (scenario.signal === 'SIGKILL') expect(exit.signal).toBe('SIGKILL');
      else {
        expect(exit.code).toBe(scenario.signal === 'SIGINT' ? 130 : 143);
        expect(record?.interruptedBy).toBe(scenario.signal);
        expect(run.output()).toContain(`npx akr resume --local --name ${name}`);
        expect(run.output()).toContain(`npx akr abort --local --principal ${principal}`);
      }
      expectHeldEnd(principal, result, marks, scenario.outcome, [run.output()]);
      if (scenario.outcome === 'ROLLED_BACK')
        expect(principalKeys(session, principal)[0]?.keyId).toBe(oldKeyId);
      if (scenario.recovery === 'abort') expect(result.evidence?.failure?.error).toBe('OperatorAbort');
      await rotatesAgainAtOnce(principal);
    }, 180_000);
  }
});

describe('the akr commands', () => {
  function resultOf(name: string): LocalRotationResult {
    const execution = readRecord(session.stateDir, name);
    if (!execution) throw new Error(`no record of ${name}`);
    return { execution, evidence: evidenceFromHistory(execution), evidencePath: undefined };
  }

  it('SIGINT in WaitGrace: akr status names the commands, akr resume finishes it', async () => {
    // Prepare
    const principal = session.seedPrincipal();
    const marks = markScenario(session);
    const { name, run } = await interruptedRotation(principal, {
      signal: 'SIGINT',
      at: { state: 'WaitGrace' },
      grace: '2s',
      deletionDelay: '0s',
    });

    // Act
    const status = runAkr(session.cloud, session.stateDir, ['status', '--local']);
    await status.exited;
    const resume = runAkr(session.cloud, session.stateDir, ['resume', '--local', '--name', name]);
    const resumed = await resume.exited;

    // Assess
    expect(status.output()).toContain(`${principal}  ${name}  in WaitGrace`);
    expect(status.output()).toContain(`next: npx akr resume --local --name ${name}`);
    expect(resumed.code).toBe(0);
    expect(resume.output()).toContain(`Rotation ${name}: SUCCEEDED`);
    expectHeldEnd(principal, resultOf(name), marks, 'SUCCEEDED', [
      run.output(),
      status.output(),
      resume.output(),
    ]);
    await rotatesAgainAtOnce(principal);
  }, 180_000);

  it('a runner still waiting in WaitDeletion: akr abort stops it and re-activates the old key', async () => {
    // Prepare
    const principal = session.seedPrincipal();
    const marks = markScenario(session);
    const { name, run: runner } = startRotation(principal, '0s', '10m');
    await entered(session.stateDir, name, 'WaitDeletion');

    // Act
    const abort = runAkr(session.cloud, session.stateDir, ['abort', '--local', '--principal', principal]);
    const aborted = await abort.exited;
    const stopped = await runner.exited;

    // Assess
    expect(stopped.code).toBe(143); // the abort interrupted it as SIGTERM would
    expect(aborted.code).toBe(0);
    expect(abort.output()).toContain(`Aborted ${name} in WaitDeletion`);
    expectHeldEnd(principal, resultOf(name), marks, 'FAILED', [runner.output(), abort.output()]);
    await rotatesAgainAtOnce(principal);
  }, 180_000);

  it('refuses bad selections with VALIDATION_ERROR, exit 2, before anything starts', async () => {
    const both = runAkr(session.cloud, session.stateDir, [
      'abort',
      '--local',
      '--principal',
      'x',
      '--name',
      'y',
    ]);
    const remote = runAkr(session.cloud, session.stateDir, ['resume', '--principal', 'x']);
    expect((await both.exited).code).toBe(2);
    expect(both.output()).toContain('VALIDATION_ERROR: --principal');
    expect((await remote.exited).code).toBe(2);
    expect(remote.output()).toContain('VALIDATION_ERROR: --local');
  }, 60_000);
});
