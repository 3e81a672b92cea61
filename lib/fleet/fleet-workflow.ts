/**
 * One provider's fleet state machine: finds the principals whose keys are due
 * and runs the provider's rotation for each, as child executions of a
 * Distributed Map. Standard (it waits for the children, whose waits span
 * weeks), traced, and logged without execution data.
 *
 * Its role is what CDK derives from the graph: invoke Discover and Summarize,
 * start and watch the provider's rotation executions (with the managed
 * EventBridge rule `.sync` needs), start, watch and redrive its own child
 * workflows, and read the Maps' items from and write their results to the
 * work bucket. The wildcards those grants carry are acknowledged here.
 */
import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { acknowledgeWildcardResource } from '../platform/nag-acknowledgements.ts';
import { markWorkflow } from '../platform/resource-metadata.ts';
import { acknowledgeFunctionVersions, createLoggedStateMachine } from '../rotation/logged-state-machine.ts';
import { DEFAULT_FLEET_SETTINGS } from '../settings/fleet-settings.ts';
import { FleetDefinition } from './fleet-definition.ts';

export interface FleetWorkflowProps {
  readonly provider: Provider;
  readonly discover: lambda.IFunction;
  readonly summarize: lambda.IFunction;
  /** The same provider's rotation state machine. */
  readonly rotation: sfn.IStateMachine;
  /** The fleet's work bucket: due items in, Map results out. */
  readonly workBucket: s3.IBucket;
  /**
   * How many child rotations run at once in one account.
   * @default 10
   */
  readonly maxConcurrency?: number;
  /**
   * How many accounts are rotated at once.
   * @default 20
   */
  readonly accountConcurrency?: number;
  /**
   * The share of child workflows that may fail before the run fails.
   * @default 10
   */
  readonly toleratedFailurePercentage?: number;
  /**
   * How long the execution log group keeps its events.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

export class FleetWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FleetWorkflowProps) {
    super(scope, id);
    const definition = new FleetDefinition(this, 'Definition', {
      discover: props.discover,
      summarize: props.summarize,
      rotation: props.rotation,
      workBucket: props.workBucket,
      maxConcurrency: props.maxConcurrency ?? DEFAULT_FLEET_SETTINGS.maxConcurrency,
      accountConcurrency: props.accountConcurrency ?? DEFAULT_FLEET_SETTINGS.accountConcurrency,
      toleratedFailurePercentage:
        props.toleratedFailurePercentage ?? DEFAULT_FLEET_SETTINGS.toleratedFailurePercentage,
    });
    ({ stateMachine: this.stateMachine, logGroup: this.logGroup } = createLoggedStateMachine(this, {
      definition,
      logRetention: props.logRetention,
    }));
    markWorkflow(this.stateMachine, props.provider, 'fleet');
    acknowledgeFunctionVersions(this.stateMachine, [props.discover, props.summarize]);
    this.acknowledgeExecutionWildcards(props.rotation);
    acknowledgeWildcardResource(
      this.stateMachine,
      `arn:${Aws.PARTITION}:s3:::${props.workBucket.bucketName}/*`,
      "The Distributed Maps read the items file Discover names at run time (ItemReader) and write their results under a map run id Step Functions assigns (ResultWriter); CDK grants them on the work bucket's objects.",
    );
  }

  /**
   * Execution ARNs are `…:execution:<state machine name>:<execution name>`, and a Map Run's child
   * executions `…:execution:<state machine name>/<map run>:<execution name>`: all named at run time.
   * Acknowledged on the state machine, whose role and DistributedMapPolicy both carry them.
   */
  private acknowledgeExecutionWildcards(rotation: sfn.IStateMachine): void {
    const stack = Stack.of(this);
    const executionsOf = (stateMachineArn: string, suffix: string) =>
      stack.formatArn({
        service: 'states',
        resource: 'execution',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        resourceName: `${stack.splitArn(stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName}${suffix}`,
      });
    const machine = this.stateMachine;
    acknowledgeWildcardResource(
      machine,
      executionsOf(rotation.stateMachineArn, '*'),
      'startExecution.sync:2 describes and stops the child rotations it started; their names (<principal>-<date>) are known only at run time.',
    );
    acknowledgeWildcardResource(
      machine,
      executionsOf(machine.stateMachineArn, ':*'),
      'A Distributed Map describes and stops the executions of its own state machine, named at run time.',
    );
    acknowledgeWildcardResource(
      machine,
      executionsOf(machine.stateMachineArn, '/*:*'),
      'A Distributed Map redrives the child workflows of its Map Runs, whose ids Step Functions assigns at run time.',
    );
  }
}
