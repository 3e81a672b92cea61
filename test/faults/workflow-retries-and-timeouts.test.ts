/**
 * Over the synthesized definitions (both providers, rotation and fleet): every
 * Task retries transient errors with bounded, jittered backoff and never
 * retries a refusal; every Task has a Catch unless a documented reason says
 * why not; and every Lambda's timeout fits its state's timeout, which is the
 * 60 s default (also applied by the local runner) unless the state sets one.
 */
import { describe, expect, it } from 'vitest';
import { FLEET_STATE_NAMES as F } from '../../lib/fleet/fleet-state-names.ts';
import { ROTATION_STATE_NAMES as R } from '../../lib/rotation/rotation-state-names.ts';
import { type AslState, renderStateMachine, synthesizeRotator } from '../cdk/synthesized-rotator.ts';

/** The Task states that have no Catch, each with the reason. Anything else without a Catch fails the test. */
const NO_CATCH: Readonly<Record<'rotation' | 'fleet', Readonly<Record<string, string>>>> = {
  rotation: {
    [R.plan]:
      'a refused or failed Plan changed nothing (it takes the lock last): the run just fails with its cause',
  },
  // Discover and Summarize end in DiscoveryFailed and SummaryFailed; the Record steps in RecordFailed.
  fleet: {},
};

/** States that set TimeoutSeconds: Discover pages through a whole account (a 5-minute Lambda). */
const EXPLICIT_TIMEOUTS = [F.discover, F.summarize];
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;
/** Errors that may pass when tried again: the Lambda or Step Functions service's own, throttles, a key still propagating. */
const RETRYABLE = /^(TransientError|KeyNotYetValidError|Lambda\.\w+|StepFunctions\.\w+)$/;
const MAX_RETRY_WAIT_SECONDS = 120;

interface Retrier {
  readonly ErrorEquals: string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: string;
}

const { resources } = synthesizeRotator();

function taskStates(states: Readonly<Record<string, AslState>>): [string, AslState][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const processor = state.ItemProcessor as { States: Record<string, AslState> } | undefined;
    return [
      ...(state.Type === 'Task' ? [[name, state] as [string, AslState]] : []),
      ...(processor ? taskStates(processor.States) : []),
    ];
  });
}

/** The longest a retrier can wait in all, before its attempts run out. */
function worstRetryWait(retrier: Retrier): number {
  let total = 0;
  for (let attempt = 0; attempt < (retrier.MaxAttempts ?? 3); attempt++)
    total += Math.min(
      retrier.MaxDelaySeconds ?? Infinity,
      (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt,
    );
  return total;
}

const functionTimeout = (resource: string): number | undefined => {
  const logicalId = /^<(\w+)\.Arn>$/.exec(resource)?.[1];
  const fn = logicalId ? resources[logicalId] : undefined;
  return fn?.Type === 'AWS::Lambda::Function' ? Number(fn.Properties.Timeout ?? 3) : undefined;
};

const WORKFLOWS = (['aws', 'yandex'] as const).flatMap((provider) =>
  (['rotation', 'fleet'] as const).map((workflow) => ({ provider, workflow })),
);

describe.each(WORKFLOWS)('$provider $workflow workflow', ({ provider, workflow }) => {
  const tasks = taskStates(renderStateMachine(resources, provider, workflow).definition.States);

  it('retries transient errors on every Task, bounded and with full jitter, and never a refusal', () => {
    expect(tasks.length).toBeGreaterThan(workflow === 'rotation' ? 8 : 2);
    for (const [name, state] of tasks) {
      const retriers = (state.Retry ?? []) as Retrier[];
      const retried = retriers.flatMap((retrier) => retrier.ErrorEquals);
      const lambdaTask = functionTimeout(String(state.Resource)) !== undefined;
      const transient = lambdaTask
        ? ['TransientError', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException']
        : ['StepFunctions.ExecutionLimitExceededException', 'StepFunctions.AWSStepFunctionsException'];
      expect({ name, missing: transient.filter((error) => !retried.includes(error)) }).toEqual({
        name,
        missing: [],
      });
      // Only what may pass if tried again; a refusal (ValidationError, RotationInFlightError, …) never is.
      expect({ name, notTransient: retried.filter((error) => !RETRYABLE.test(error)) }).toEqual({
        name,
        notTransient: [],
      });
      for (const retrier of retriers) {
        expect({ name, jitter: retrier.JitterStrategy }).toEqual({ name, jitter: 'FULL' });
        expect(retrier.MaxAttempts).toBeGreaterThanOrEqual(1);
        expect(retrier.MaxAttempts).toBeLessThanOrEqual(6);
        expect(retrier.MaxDelaySeconds).toBeDefined();
        expect(worstRetryWait(retrier)).toBeLessThanOrEqual(MAX_RETRY_WAIT_SECONDS);
      }
    }
  });

  it('catches every failure of every Task but the documented ones', () => {
    const uncaught = tasks
      .filter(
        ([, state]) => !((state.Catch ?? []) as Retrier[]).some((c) => c.ErrorEquals.includes('States.ALL')),
      )
      .map(([name]) => name);
    expect(uncaught.sort()).toEqual(Object.keys(NO_CATCH[workflow]).sort());
  });

  it("gives each Lambda less time than its state allows: the function's own timeout fires first", () => {
    for (const [name, state] of tasks) {
      const timeout = functionTimeout(String(state.Resource));
      if (timeout === undefined) continue;
      const stateTimeout = Number(state.TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS);
      expect({ name, fits: timeout < stateTimeout }).toEqual({ name, fits: true });
      expect({ name, explicit: state.TimeoutSeconds !== undefined }).toEqual({
        name,
        explicit: EXPLICIT_TIMEOUTS.includes(name as 'Discover'),
      });
    }
  });
});
