/**
 * The rotation state machine: Standard (waits can total weeks; Standard runs
 * up to a year), traced, and logged without execution data. There is no
 * top-level timeout on purpose: each step has its own Lambda timeout, and the
 * waits are bounded by the plan.
 */
import { Names } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './nag-acknowledgements.ts';
import { buildRotationDefinition, type RotationStepFunctions } from './rotation-definition.ts';

export interface RotationWorkflowProps {
  /** The function behind each step. */
  readonly steps: RotationStepFunctions;
  /**
   * How long the execution log group keeps its events.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

export class RotationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  /** The start state; render it with `sfn.StateGraph` to inspect the graph. */
  readonly startState: sfn.State;

  constructor(scope: Construct, id: string, props: RotationWorkflowProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      // The vendedlogs prefix keeps Step Functions off the account's size-limited logs resource policy.
      logGroupName: `/aws/vendedlogs/states/${Names.uniqueResourceName(this, { maxLength: 200 })}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    const definition = buildRotationDefinition(this, props.steps);
    this.startState = definition.startState;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        // Execution data would copy ids and timestamps into logs for nothing; history already has them.
        includeExecutionData: false,
      },
    });
    acknowledgeWildcardResource(
      this.stateMachine.role,
      '*',
      'X-Ray trace writes and CloudWatch Logs vended log delivery (logs:CreateLogDelivery and related) do not support resource-level permissions.',
    );
    for (const fn of new Set(Object.values(props.steps))) {
      acknowledgeWildcardResource(
        this.stateMachine.role,
        `${fn.functionArn}:*`,
        'LambdaInvoke also grants the versions and aliases of the same step function; the function itself is named by ARN.',
      );
    }
  }
}
