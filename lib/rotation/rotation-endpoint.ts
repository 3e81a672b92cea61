/**
 * Manual rotation on demand: one function behind a Lambda Function URL that
 * starts a rotation of any deployed provider. The URL takes only SigV4-signed
 * requests (AWS_IAM): whoever may call it is decided by IAM (`lambda:InvokeFunctionUrl`),
 * never by the URL being public. The function may start the rotation state
 * machines and nothing else; each rotation's own Plan validates the input.
 */

import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FLEET_ENV } from '../../lambdas/config/fleet-environment.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { markProvider } from '../platform/resource-metadata.ts';
import { RotatorFunction } from '../platform/rotator-function.ts';
import { POWERTOOLS_SERVICE_NAME } from '../settings/rotator-environment.ts';

export const ENDPOINT_ENTRY = 'lambdas/handlers/http-start-rotation.ts';

/** The variable naming each provider's rotation state machine. */
const STATE_MACHINE_ENV: Readonly<Record<Provider, string>> = {
  aws: FLEET_ENV.awsStateMachineArn,
  yandex: FLEET_ENV.yandexStateMachineArn,
};

export interface RotationEndpointProps {
  /** The rotation state machine of each deployed provider. */
  readonly stateMachines: Readonly<Partial<Record<Provider, sfn.IStateMachine>>>;
}

export class RotationEndpoint extends Construct {
  readonly function: RotatorFunction;
  readonly functionUrl: lambda.FunctionUrl;
  /** `https://<id>.lambda-url.<region>.on.aws/` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: RotationEndpointProps) {
    super(scope, id);
    const machines = Object.entries(props.stateMachines) as [Provider, sfn.IStateMachine][];
    if (machines.length === 0) throw new Error('RotationEndpoint needs at least one rotation state machine');
    this.function = new RotatorFunction(this, 'Function', {
      entry: ENDPOINT_ENTRY,
      description: 'Starts a rotation on demand (Function URL, IAM-authenticated)',
    });
    this.function.addEnvironments({ POWERTOOLS_SERVICE_NAME });
    for (const [provider, machine] of machines) {
      this.function.addEnvironment(STATE_MACHINE_ENV[provider], machine.stateMachineArn);
      machine.grantStartExecution(this.function);
    }
    markProvider(this.function, 'any');
    this.functionUrl = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    this.url = this.functionUrl.url;
  }
}
