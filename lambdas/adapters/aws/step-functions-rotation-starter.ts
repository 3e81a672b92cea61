/**
 * RotationStarter on Step Functions: StartExecution of the provider's rotation
 * state machine, named by the caller, with the caller's input as it is (what
 * it leaves out, such as the grace period, takes the deployment's defaults).
 *
 * For a Standard workflow, the same name with the same input while that
 * execution runs answers with the running execution (no second rotation);
 * once it has ended, or with other input, it is ExecutionAlreadyExists.
 */
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { RotationStarter } from '../../http/rotation-starter.ts';
import { ProviderNotDeployedError, RotationAlreadyStartedError } from '../../rotation/rotation-errors.ts';
import type { Provider } from '../../rotation/rotation-state.ts';
import { callAws, hasErrorName } from './transient-errors.ts';

export function stepFunctionsRotationStarter(
  client: SFNClient,
  stateMachineArns: Readonly<Partial<Record<Provider, string>>>,
): RotationStarter {
  return {
    async start({ provider, executionName, input, label }) {
      const stateMachineArn = stateMachineArns[provider];
      if (!stateMachineArn)
        throw new ProviderNotDeployedError(`no rotation state machine is deployed for provider ${provider}`);
      try {
        const started = await callAws('Step Functions StartExecution', () =>
          client.send(
            new StartExecutionCommand({
              stateMachineArn,
              name: executionName,
              input: JSON.stringify(input),
            }),
          ),
        );
        return {
          executionArn: started.executionArn ?? '',
          // Step Functions always sends it; an emulator that omits it gets "now", within a second.
          startDate: started.startDate ?? new Date(),
        };
      } catch (error) {
        if (hasErrorName(error, 'ExecutionAlreadyExists'))
          throw new RotationAlreadyStartedError(
            `rotation ${executionName} of ${provider} ${label} was already started; ` +
              'wait a minute to start another',
          );
        throw error;
      }
    },
  };
}
