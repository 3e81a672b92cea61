/**
 * The state machine defaults both workflows share: Standard (a rotation waits
 * for weeks, and a fleet run waits for its child rotations), traced, and logged
 * to its own log group without execution data. Built as two children of the
 * caller (`ExecutionLogs`, `StateMachine`), so the rotation state machine keeps
 * the logical id it was first deployed with.
 */
import { Names } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../platform/nag-acknowledgements.ts';

export interface LoggedStateMachineProps {
  readonly definition: sfn.IChainable;
  /**
   * How long the execution log group keeps its events.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

export interface LoggedStateMachine {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
}

export function createLoggedStateMachine(
  scope: Construct,
  props: LoggedStateMachineProps,
): LoggedStateMachine {
  const logGroup = new logs.LogGroup(scope, 'ExecutionLogs', {
    // The vendedlogs prefix keeps Step Functions off the account's size-limited logs resource policy.
    logGroupName: `/aws/vendedlogs/states/${Names.uniqueResourceName(scope, { maxLength: 200 })}`,
    retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
  });
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    stateMachineType: sfn.StateMachineType.STANDARD,
    tracingEnabled: true,
    logs: {
      destination: logGroup,
      level: sfn.LogLevel.ALL,
      // Execution data would copy ids and timestamps into logs for nothing; history already has them.
      includeExecutionData: false,
    },
  });
  acknowledgeWildcardResource(
    stateMachine.role,
    '*',
    'X-Ray trace writes and CloudWatch Logs vended log delivery (logs:CreateLogDelivery and related) do not support resource-level permissions.',
  );
  return { stateMachine, logGroup };
}

/** LambdaInvoke grants `<function ARN>:*` beside the function: acknowledged once per function. */
export function acknowledgeFunctionVersions(
  stateMachine: sfn.StateMachine,
  functions: Iterable<{ readonly functionArn: string }>,
): void {
  for (const fn of new Set(functions)) {
    acknowledgeWildcardResource(
      stateMachine.role,
      `${fn.functionArn}:*`,
      'LambdaInvoke also grants the versions and aliases of the same step function; the function itself is named by ARN.',
    );
  }
}
