/**
 * Reads a rotation's execution from Step Functions: DescribeExecution for its
 * status and state machine, and the newest history event for the state it is
 * in. A Wait state's entry is the last event until the wait ends, so one
 * event, newest first, is enough.
 */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { RotationExecutions, RotationExecutionView } from '../../rotation/ports.ts';
import { callAws, hasErrorName } from './transient-errors.ts';

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function stepFunctionsRotationExecutions(client: SFNClient): RotationExecutions {
  return {
    async describe(executionArn: string): Promise<RotationExecutionView | undefined> {
      let described: { status?: string; stateMachineArn?: string };
      try {
        described = await callAws('StepFunctions DescribeExecution', () =>
          client.send(new DescribeExecutionCommand({ executionArn })),
        );
      } catch (error) {
        if (hasErrorName(error, 'ExecutionDoesNotExist')) return undefined;
        throw error;
      }
      const { events } = await callAws('StepFunctions GetExecutionHistory', () =>
        client.send(
          new GetExecutionHistoryCommand({
            executionArn,
            reverseOrder: true,
            maxResults: 1,
            includeExecutionData: true,
          }),
        ),
      );
      const latest = events?.[0];
      const entered = latest?.type?.endsWith('StateEntered') ? latest.stateEnteredEventDetails : undefined;
      return {
        status: described.status ?? 'UNKNOWN',
        stateMachineArn: described.stateMachineArn ?? '',
        currentState:
          entered?.name === undefined ? undefined : { name: entered.name, input: parseJson(entered.input) },
      };
    },
  };
}
