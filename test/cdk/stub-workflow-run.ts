/**
 * Runs a rendered rotation definition in aws-local-stepfunctions with stub
 * task handlers and zero waits, and reports which states it entered, what
 * each received, and how the run ended.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import type { AslDefinition } from './synthesized-rotator.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type StubHandler = (input: Json) => Json | Promise<Json>;

export interface StubOutcome {
  readonly visited: string[];
  /** State name → its input the last time it was entered. */
  readonly inputs: Map<string, Json>;
  readonly output?: Json;
  /** The execution's error and cause, as a Fail state or an uncaught task error set them. */
  readonly error?: { readonly name: string; readonly message: string };
}

/** An error the way a step reports it: Step Functions matches Retry and Catch on `name`. */
export function stepError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export const STUB_PLAN = {
  principal: 'alice',
  dryRun: false,
  hasOldKey: true,
  gracePeriodSeconds: 5,
  graceWaitSeconds: 5,
  deletionDelaySeconds: 5,
};

/** A stub per task state, each returning a minimal result; `overrides` replaces some. */
export function stubHandlers(overrides: Record<string, StubHandler> = {}): Record<string, StubHandler> {
  return {
    Plan: () => STUB_PLAN,
    CreateKey: () => ({ newKeyId: 'AKIANEW' }),
    VerifyKey: () => ({ verifiedAt: 't1' }),
    Publish: () => ({ publishedAt: 't2' }),
    CheckOldKeyUse: () => ({ decision: 'RETIRE' }),
    RetireOldKey: () => ({ retiredAt: 't3' }),
    DeleteOldKey: () => ({ deletedAt: 't4' }),
    RollBack: () => ({ rolledBackAt: 't5' }),
    Record: () => ({ status: 'SUCCEEDED' }),
    RecordFailure: () => ({ status: 'FAILED' }),
    RecordRollback: () => ({ status: 'ROLLED_BACK' }),
    ...overrides,
  };
}

export async function runWithStubs(
  definition: AslDefinition,
  handlers: Record<string, StubHandler>,
  input: Json = { principal: 'alice' },
): Promise<StubOutcome> {
  // The rendered Resources are placeholders, not ARNs: every task is stubbed anyway.
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
  const zeroRetryWaits = Object.fromEntries(Object.keys(handlers).map((name) => [name, 0]));
  const execution = machine.run(input, {
    overrides: {
      taskResourceLocalHandlers: handlers,
      waitTimeOverrides: { WaitGrace: 0, WaitDeletion: 0 },
      retryIntervalOverrides: zeroRetryWaits,
    },
    context: { Execution: { Name: 'rotation-1', Id: 'arn:aws:states:::execution:m:rotation-1' } },
  });
  const visited: string[] = [];
  const inputs = new Map<string, Json>();
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type !== 'StateEntered') continue;
      visited.push(event.state.name);
      inputs.set(event.state.name, event.state.input as Json);
    }
  })();
  try {
    const output = (await execution.result) as Json;
    await collecting;
    return { visited, inputs, output };
  } catch (error) {
    await collecting;
    const cause = (error as Error).cause as Error;
    return { visited, inputs, error: { name: cause.name, message: cause.message } };
  }
}
