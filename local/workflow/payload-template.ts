/**
 * Evaluates a payload template (a Map's ItemSelector, an ItemReader's or a
 * ResultWriter's Parameters) as the library evaluates a state's Parameters:
 * in a one-state Pass, so `.$` paths, `$$` context paths and intrinsic
 * functions follow the library's rules, with no JSONPath code of the runner's.
 */
import { type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

type Context = NonNullable<RunOptions['context']>;
type RunInput = Parameters<StateMachine['run']>[0];

export async function evaluatePayloadTemplate(
  template: unknown,
  input: unknown,
  context: Context,
): Promise<unknown> {
  const definition = {
    StartAt: 'Template',
    States: { Template: { Type: 'Pass', Parameters: template, End: true } },
  } as StateMachineDefinition;
  const machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  try {
    return await machine.run(input as RunInput, { context }).result;
  } catch (error) {
    // The library wraps a failed execution; the template's own error (States.Runtime, …) is the cause.
    throw error instanceof Error && error.cause instanceof Error ? error.cause : error;
  }
}
