/**
 * The fleet's `StartRotation` task (`states:startExecution.sync:2`) on the
 * local side: it runs the child rotation with the local runner and answers as
 * Step Functions does: the sync:2 output on success, `States.TaskFailed` with
 * the child's error when it fails, and ExecutionAlreadyExists when the name
 * was used before (a same-day re-run of the fleet).
 */
import type { RotationInput } from '../../lambdas/rotation/rotation-state.ts';
import { ExecutionAlreadyExistsError, type LocalExecutionRecord } from './execution-history-store.ts';
import type { TaskHandlers } from './handler-bindings.ts';

export interface StartExecutionParameters {
  readonly StateMachineArn: string;
  readonly Name: string;
  readonly Input: RotationInput | string;
}

export type RunChild = (name: string, input: RotationInput) => Promise<LocalExecutionRecord>;

class StepFunctionsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

type TaskResult = Awaited<ReturnType<TaskHandlers[string]>>;

export function childRotationTask(runChild: RunChild): TaskHandlers[string] {
  return async (raw) => {
    const parameters = raw as unknown as StartExecutionParameters;
    const input = (
      typeof parameters.Input === 'string' ? JSON.parse(parameters.Input) : parameters.Input
    ) as RotationInput;
    let child: LocalExecutionRecord;
    try {
      child = await runChild(parameters.Name, input);
    } catch (error) {
      if (error instanceof ExecutionAlreadyExistsError) {
        throw new StepFunctionsError('StepFunctions.ExecutionAlreadyExistsException', error.message);
      }
      throw error;
    }
    const described = {
      ExecutionArn: child.executionArn,
      StateMachineArn: parameters.StateMachineArn,
      Name: child.name,
      Status: child.status,
      StartDate: child.startDate,
      StopDate: child.stopDate,
      Input: input,
      Output: child.output ?? null,
      ...(child.error !== undefined && { Error: child.error, Cause: child.cause }),
    };
    if (child.status !== 'SUCCEEDED')
      throw new StepFunctionsError('States.TaskFailed', JSON.stringify(described));
    return described as unknown as TaskResult;
  };
}
