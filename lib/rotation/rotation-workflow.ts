/**
 * The rotation state machine: Standard (waits can total weeks; Standard runs
 * up to a year), traced, and logged without execution data. There is no
 * top-level timeout on purpose: each step has its own Lambda timeout, and the
 * waits are bounded by the plan.
 */
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { markWorkflow } from '../platform/resource-metadata.ts';
import { acknowledgeFunctionVersions, createLoggedStateMachine } from './logged-state-machine.ts';
import { RotationDefinition, type RotationStepFunctions } from './rotation-definition.ts';

export interface RotationWorkflowProps {
  /** The function behind each step. */
  readonly steps: RotationStepFunctions;
  /** Recorded as `akr:provider` metadata (beside `akr:workflow: rotation`): the local runner finds it by both. */
  readonly provider: Provider;
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
    const definition = new RotationDefinition(this, 'Definition', props.steps);
    this.startState = definition.startState;
    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = createLoggedStateMachine(this, {
      definition,
      logRetention: props.logRetention,
    }));
    markWorkflow(this.stateMachine, props.provider, 'rotation');
    acknowledgeFunctionVersions(this.stateMachine, Object.values(props.steps));
  }
}
