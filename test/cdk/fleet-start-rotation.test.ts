/**
 * The fleet's inner Map item, rendered to plain JSON (unchanged by the nesting): StartRotation starts the same
 * provider's rotation with `.sync:2` under a deterministic name, retries
 * throttling with jitter, and turns every failure into an item result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import {
  type AslDefinition,
  type AslState,
  renderStateMachine,
  type SynthesizedRotator,
  synthesizeRotator,
} from './synthesized-rotator.ts';

let synthesized: SynthesizedRotator;
let definition: AslDefinition;

type MapState = AslState & { ItemProcessor: AslDefinition };

/** StartRotation's processor: RotateAccounts → RotateAccountPrincipals → StartRotation. */
function itemProcessor(of: AslDefinition = definition): AslDefinition {
  const accounts = (of.States.RotateAccounts as MapState).ItemProcessor;
  return (accounts.States.RotateAccountPrincipals as MapState).ItemProcessor;
}

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator();
  ({ definition } = renderStateMachine(synthesized.resources, 'aws', 'fleet'));
});

describe('fleet item: StartRotation', () => {
  const start = (of?: AslDefinition) => itemProcessor(of).States.StartRotation as AslState;

  it('starts the rotation with sync:2 under the deterministic name, linked to the parent run', () => {
    expect(start()).toMatchObject({
      Type: 'Task',
      Resource: 'arn:<AWS::Partition>:states:::states:startExecution.sync:2',
      Parameters: {
        StateMachineArn: `<${renderStateMachine(synthesized.resources, 'aws', 'rotation').logicalId}>`,
        'Name.$': '$.name',
        Input: {
          'principal.$': '$.principal',
          'gracePeriodSeconds.$': '$.gracePeriodSeconds',
          'deletionDelaySeconds.$': '$.deletionDelaySeconds',
          'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
        },
      },
      // sync:2 returns DescribeExecution with Input and Output parsed as JSON.
      ResultSelector: {
        'principal.$': '$.Input.principal',
        'status.$': '$.Status',
        'executionArn.$': '$.ExecutionArn',
      },
      End: true,
    });
    expect(start()).not.toHaveProperty('ResultPath');
  });

  it.each(['aws', 'yandex'] as const)('on %s, starts the same provider’s rotation', (provider: Provider) => {
    const fleet = renderStateMachine(synthesized.resources, provider, 'fleet').definition;
    const rotation = renderStateMachine(synthesized.resources, provider, 'rotation').logicalId;
    expect((start(fleet).Parameters as { StateMachineArn: string }).StateMachineArn).toBe(`<${rotation}>`);
  });

  it('retries throttled or failed starts a bounded number of times, with jitter', () => {
    expect(start().Retry).toEqual([
      {
        ErrorEquals: [
          'StepFunctions.ExecutionLimitExceededException',
          'StepFunctions.AWSStepFunctionsException',
          'StepFunctions.SdkClientException',
        ],
        IntervalSeconds: 2,
        BackoffRate: 2,
        MaxDelaySeconds: 60,
        MaxAttempts: 5,
        JitterStrategy: 'FULL',
      },
    ]);
  });

  it('turns an execution started earlier today into ALREADY_STARTED, and any other failure into FAILED', () => {
    expect(start().Catch).toEqual([
      {
        ErrorEquals: ['StepFunctions.ExecutionAlreadyExistsException'],
        ResultPath: '$.failure',
        Next: 'AlreadyStartedToday',
      },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordItemFailure' },
    ]);
    expect(itemProcessor().States.AlreadyStartedToday).toEqual({
      Type: 'Pass',
      Parameters: { 'principal.$': '$.principal', status: 'ALREADY_STARTED' },
      End: true,
    });
    expect(itemProcessor().States.RecordItemFailure).toEqual({
      Type: 'Pass',
      Parameters: {
        'principal.$': '$.principal',
        status: 'FAILED',
        'error.$': '$.failure.Error',
        'cause.$': '$.failure.Cause',
      },
      End: true,
    });
  });
});
