/**
 * One provider's rotator: a function per step, each with its own
 * least-privilege role and the provider's environment, and the rotation
 * workflow over them. AWS and Yandex are built by this same construct, so
 * their state machines have the same states, retries, catches and waits;
 * only the functions behind the tasks differ.
 *
 * Each function and the state machine carry `akr:provider` metadata (beside
 * the functions' `akr:entry`): the local runner selects them by it.
 */
import type { CfnResource } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { RotationAccess } from './rotation-access.ts';
import type { RotationSettings } from './rotation-settings.ts';
import { mapRotationSteps, type RotationStepId } from './rotation-steps.ts';
import { RotationWorkflow } from './rotation-workflow.ts';
import { rotatorEnvironment } from './rotator-environment.ts';
import { RotatorFunction } from './rotator-function.ts';

/** CloudFormation metadata key naming the provider of a rotation function or state machine. */
export const PROVIDER_METADATA_KEY = 'akr:provider';

export interface ProviderRotatorProps {
  readonly provider: Provider;
  /** The customer-managed key the secrets are encrypted with; shared by every provider. */
  readonly secretsKey: kms.IKey;
  /** The rotation lock; shared, since the lock id already names the provider. */
  readonly lockTable: dynamodb.ITable;
  /** The settings, defaults applied; each provider reads those that apply to it. */
  readonly settings: RotationSettings;
}

export class ProviderRotator extends Construct {
  readonly provider: Provider;
  readonly functions: Readonly<Record<RotationStepId, RotatorFunction>>;
  readonly workflow: RotationWorkflow;
  readonly stateMachineArn: string;
  /** The scopes the functions were granted. */
  readonly access: RotationAccess;

  constructor(scope: Construct, id: string, props: ProviderRotatorProps) {
    super(scope, id);
    const { provider, settings } = props;
    this.provider = provider;
    this.access = new RotationAccess(this, {
      provider,
      secretNamePrefix: settings.secretNamePrefix,
      secretsKey: props.secretsKey,
      lockTable: props.lockTable,
      ...(provider === 'aws'
        ? { userPath: settings.userPath, optInTag: settings.optInTag }
        : { authorizedKeySecret: settings.yandexAuthorizedKeySecret }),
    });
    const environment = rotatorEnvironment({
      provider,
      settings,
      secretsKmsKeyId: props.secretsKey.keyId,
      lockTableName: props.lockTable.tableName,
    });

    this.functions = mapRotationSteps((stepId, step) => {
      const fn = new RotatorFunction(this, `${stepId.charAt(0).toUpperCase()}${stepId.slice(1)}Function`, {
        entry: step.entry,
        description: step.description,
      });
      fn.addEnvironments(environment);
      this.access.grant(fn, step.access);
      (fn.node.defaultChild as CfnResource).addMetadata(PROVIDER_METADATA_KEY, provider);
      return fn;
    });
    this.workflow = new RotationWorkflow(this, 'Workflow', { steps: this.functions });
    (this.workflow.stateMachine.node.defaultChild as CfnResource).addMetadata(
      PROVIDER_METADATA_KEY,
      provider,
    );
    this.stateMachineArn = this.workflow.stateMachine.stateMachineArn;
  }
}
