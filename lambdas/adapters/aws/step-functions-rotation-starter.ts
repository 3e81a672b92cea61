/**
 * RotationStarter on Step Functions: StartExecution of the provider's rotation
 * state machine, named by the caller, with the principal as the only input
 * (the grace period and the deletion delay are the deployment's defaults).
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
    async start({ provider, principal, executionName }) {
      const stateMachineArn = stateMachineArns[provider];
      if (!stateMachineArn)
        throw new ProviderNotDeployedError(`no rotation state machine is deployed for provider ${provider}`);
      try {
        const started = await callAws('Step Functions StartExecution', () =>
          client.send(
            new StartExecutionCommand({
              stateMachineArn,
              name: executionName,
              input: JSON.stringify({ principal }),
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
            `rotation ${executionName} of ${provider} principal ${principal} was already started; ` +
              'wait a minute to start another',
          );
        throw error;
      }
    },
  };
}
