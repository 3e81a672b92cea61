/**
 * The automatic leak response: an EventBridge rule on the default bus for
 * the AWS Health event AWS sends when it finds an access key exposed in
 * public, and the function it invokes, which starts an emergency rotation of
 * each exposed key on the AWS rotation state machine (and may start nothing
 * else). Each rotation's own Plan finds the key's owner and refuses a key
 * that is not ours.
 *
 * EventBridge invokes the function asynchronously: a failed start fails the
 * invocation, which Lambda retries, and a retried start of a rotation that did
 * start is "already started", not a second rotation.
 */

import type { CfnResource } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FLEET_ENV } from '../../lambdas/config/fleet-environment.ts';
import { EXPOSURE_EVENT_PATTERN } from '../../lambdas/leak/exposure-event-pattern.ts';
import { markProvider } from '../platform/resource-metadata.ts';
import { RotatorFunction } from '../platform/rotator-function.ts';
import { POWERTOOLS_SERVICE_NAME } from '../settings/rotator-environment.ts';

export const LEAK_RESPONSE_ENTRY = 'lambdas/handlers/leak-response.ts';

/** CloudFormation metadata naming an event-driven function, by which the local runner finds it. */
export const TRIGGER_METADATA_KEY = 'akr:trigger';
export const LEAK_RESPONSE_TRIGGER = 'leak-response';

/** Lambda's own default for asynchronous invocations, said here so the template shows it. */
const ASYNC_RETRY_ATTEMPTS = 2;
/** A leak reported hours ago is still worth revoking; Lambda keeps an event at most 6 hours. */
const MAX_EVENT_AGE = Duration.hours(6);

export interface LeakResponseProps {
  /** The AWS rotation state machine: the only one the function may start. */
  readonly stateMachine: sfn.IStateMachine;
}

export class LeakResponse extends Construct {
  readonly function: RotatorFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: LeakResponseProps) {
    super(scope, id);
    this.function = new RotatorFunction(this, 'Function', {
      entry: LEAK_RESPONSE_ENTRY,
      description:
        'Starts an emergency rotation of each access key an AWS Health exposed-credentials event names',
    });
    this.function.addEnvironments({
      POWERTOOLS_SERVICE_NAME,
      [FLEET_ENV.awsStateMachineArn]: props.stateMachine.stateMachineArn,
    });
    props.stateMachine.grantStartExecution(this.function);
    this.function.configureAsyncInvoke({ retryAttempts: ASYNC_RETRY_ATTEMPTS, maxEventAge: MAX_EVENT_AGE });
    markProvider(this.function, 'aws');
    (this.function.node.defaultChild as CfnResource).addMetadata(TRIGGER_METADATA_KEY, LEAK_RESPONSE_TRIGGER);

    this.rule = new events.Rule(this, 'Rule', {
      description: 'AWS Health AWS_RISK_CREDENTIALS_EXPOSED: rotate the exposed access key now',
      eventPattern: {
        source: [...EXPOSURE_EVENT_PATTERN.source],
        detailType: [...EXPOSURE_EVENT_PATTERN['detail-type']],
        detail: {
          service: [...EXPOSURE_EVENT_PATTERN.detail.service],
          eventTypeCode: [...EXPOSURE_EVENT_PATTERN.detail.eventTypeCode],
        },
      },
      targets: [new targets.LambdaFunction(this.function)],
    });
  }
}
