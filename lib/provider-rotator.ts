/**
 * One provider's rotator: a function per step, each with its own
 * least-privilege role and the provider's environment, and the rotation
 * workflow over them. AWS and Yandex are built by this same construct, so
 * their state machines have the same states, retries, catches and waits;
 * only the functions behind the tasks differ.
 *
 * Each function and the state machine carry `akr:provider` metadata (beside
 * the functions' `akr:entry` and the state machine's `akr:workflow`): the
 * local runner selects them by it. The steps that notify may publish to the
 * notification topic and put events on the default bus; Record may write the
 * evidence archive.
 *
 * Every role of the rotator is placed under ROTATOR_ROLE_PATH, whether or not
 * member accounts are configured: each secret's resource policy denies its
 * value to everybody but its readers and the roles under that path.
 */
import { ArnFormat, type CfnResource, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/config/environment.ts';
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { ROTATOR_ROLE_PATH } from '../lambdas/rotation/secret-access-policy.ts';
import type { EvidenceArchiveBucket } from './platform/evidence-archive-bucket.ts';
import { acknowledgeWildcardResource } from './platform/nag-acknowledgements.ts';
import { markProvider } from './platform/resource-metadata.ts';
import { RotatorFunction } from './platform/rotator-function.ts';
import { markOperation, OPERATOR_ACTIONS } from './rotation/operator-actions.ts';
import { RotationAccess } from './rotation/rotation-access.ts';
import type { RotationNotifications } from './rotation/rotation-notifications.ts';
import { mapRotationSteps, type RotationStepId } from './rotation/rotation-steps.ts';
import { RotationWorkflow } from './rotation/rotation-workflow.ts';
import type { FleetSettings } from './settings/fleet-settings.ts';
import type { RotationSettings } from './settings/rotation-settings.ts';
import { keyApiEnvironment, rotatorEnvironment } from './settings/rotator-environment.ts';

export { PROVIDER_METADATA_KEY } from './platform/resource-metadata.ts';

export interface ProviderRotatorProps {
  readonly provider: Provider;
  /** The customer-managed key the secrets are encrypted with; shared by every provider. */
  readonly secretsKey: kms.IKey;
  /** The rotation lock; shared, since the lock id already names the provider. */
  readonly lockTable: dynamodb.ITable;
  /** The settings, defaults applied; each provider reads those that apply to it. */
  readonly settings: RotationSettings;
  /** The fleet settings, defaults applied: part of the environment every function of the provider shares. */
  readonly fleet: FleetSettings;
  /** Where the notifying steps send rotation events. */
  readonly notifications: RotationNotifications;
  /** Where Record archives the evidence records; shared by every provider. */
  readonly evidenceArchive: EvidenceArchiveBucket;
}

export class ProviderRotator extends Construct {
  readonly provider: Provider;
  readonly functions: Readonly<Record<RotationStepId, RotatorFunction>>;
  readonly workflow: RotationWorkflow;
  readonly stateMachineArn: string;
  /** The scopes the functions were granted. */
  readonly access: RotationAccess;
  /** The environment of every function of this provider, the fleet's included. */
  readonly environment: Readonly<Record<string, string>>;
  /** Added for the functions that call the provider's key API (Yandex: the authorized key's name). */
  readonly keyApiEnvironment: Readonly<Record<string, string>>;
  /** The operator's rollback: re-activates the retired old key during the deletion delay. */
  readonly reactivateFunction: RotatorFunction;

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
    this.environment = rotatorEnvironment({
      provider,
      settings,
      fleet: props.fleet,
      secretsKmsKeyId: props.secretsKey.keyId,
      lockTableName: props.lockTable.tableName,
      notificationTopicArn: props.notifications.topic.topicArn,
      evidenceBucketName: props.evidenceArchive.bucket.bucketName,
      deploymentName: Stack.of(this).stackName,
    });
    this.keyApiEnvironment = keyApiEnvironment(provider, settings);

    this.functions = mapRotationSteps((stepId, step) => {
      const fn = new RotatorFunction(this, `${stepId.charAt(0).toUpperCase()}${stepId.slice(1)}Function`, {
        entry: step.entry,
        description: step.description,
      });
      fn.addEnvironments(this.environment);
      fn.placeRoleUnder(ROTATOR_ROLE_PATH);
      if (step.access.callsKeyApi) fn.addEnvironments(this.keyApiEnvironment);
      this.access.grant(fn, step.access);
      if (step.notifies) props.notifications.grantNotify(fn);
      if (step.archives) props.evidenceArchive.grantWriteRecords(fn);
      markProvider(fn, provider);
      return fn;
    });
    this.access.grantReadersDecrypt(settings.secretReaders);
    this.workflow = new RotationWorkflow(this, 'Workflow', { provider, steps: this.functions });
    this.stateMachineArn = this.workflow.stateMachine.stateMachineArn;

    const reactivate = OPERATOR_ACTIONS['reactivate-old-key'];
    this.reactivateFunction = new RotatorFunction(this, 'ReactivateOldKeyFunction', {
      entry: reactivate.entry,
      description: reactivate.description,
    });
    this.reactivateFunction.placeRoleUnder(ROTATOR_ROLE_PATH);
    this.reactivateFunction.addEnvironments({
      ...this.environment,
      ...this.keyApiEnvironment,
      [ENV.rotationStateMachineArn]: this.stateMachineArn,
    });
    this.access.grant(this.reactivateFunction, reactivate.access);
    this.grantExecutionReads(this.reactivateFunction);
    markProvider(this.reactivateFunction, provider);
    markOperation(this.reactivateFunction.node.defaultChild as CfnResource, 'reactivate-old-key');
  }

  /**
   * The re-activation checks each request against the execution it names:
   * it may read this rotation state machine's executions, and nothing else.
   */
  private grantExecutionReads(fn: RotatorFunction): void {
    const stack = Stack.of(this);
    const machineName = stack.splitArn(this.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
    const executions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: `${machineName}:*`,
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['states:DescribeExecution', 'states:GetExecutionHistory'],
      resourceArns: [executions],
    });
    acknowledgeWildcardResource(
      fn.role ?? fn,
      executions,
      'Executions of this rotation state machine only; their names (<principal>-<date>) are known only at run time.',
    );
  }
}
