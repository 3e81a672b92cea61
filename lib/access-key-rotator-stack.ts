/**
 * The deployable rotator: a KMS key for the secrets, the lock table, one
 * function per step with its own least-privilege role, and the workflow.
 * This stack only composes; defaults and rules live in the constructs.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { DEFAULT_SETTINGS } from '../lambdas/config/environment.ts';
import type { OldKeyInUsePolicy } from '../lambdas/rotation/rotation-state.ts';
import { type OptInTag, RotationAccess } from './rotation-access.ts';
import { RotationLockTable } from './rotation-lock-table.ts';
import { mapRotationSteps, type RotationStepId } from './rotation-steps.ts';
import { RotationWorkflow } from './rotation-workflow.ts';
import { rotatorEnvironment } from './rotator-environment.ts';
import { RotatorFunction } from './rotator-function.ts';

export interface AccessKeyRotatorStackProps extends StackProps {
  /**
   * Default wait between publishing the new key and retiring the old one.
   * @default Duration.days(7)
   */
  readonly gracePeriod?: Duration;
  /**
   * Default wait between retiring the old key and deleting it.
   * @default Duration.days(7)
   */
  readonly deletionDelay?: Duration;
  /**
   * Secrets are named `<prefix>/aws/<principal>`.
   * @default 'access-key-rotator'
   */
  readonly secretNamePrefix?: string;
  /**
   * Only IAM users under this path can be rotated.
   * @default '/' (every user)
   */
  readonly userPath?: string;
  /**
   * A tag a user must carry before its keys can be created, retired or deleted.
   * @default - no tag is required
   */
  readonly optInTag?: OptInTag;
  /**
   * What to do when the old key was used after the new one was published.
   * @default 'defer'
   */
  readonly oldKeyInUsePolicy?: OldKeyInUsePolicy;
  /**
   * How many grace periods a still-used old key may be deferred.
   * @default 3
   */
  readonly maxDeferrals?: number;
}

export class AccessKeyRotatorStack extends Stack {
  readonly stateMachineArn: string;
  readonly secretsKmsKeyArn: string;
  readonly lockTableName: string;
  readonly secretsKey: kms.IKey;
  readonly functions: Readonly<Record<RotationStepId, RotatorFunction>>;
  readonly workflow: RotationWorkflow;

  constructor(scope: Construct, id: string, props: AccessKeyRotatorStackProps = {}) {
    super(scope, id, props);
    const maxDeferrals = props.maxDeferrals ?? DEFAULT_SETTINGS.maxDeferrals;
    if (!Number.isInteger(maxDeferrals) || maxDeferrals < 0) {
      throw new Error(`maxDeferrals must be a non-negative integer, got ${maxDeferrals}`);
    }
    const secretNamePrefix = props.secretNamePrefix ?? DEFAULT_SETTINGS.secretNamePrefix;
    const userPath = props.userPath ?? DEFAULT_SETTINGS.userPath;

    const secretsKey = new kms.Key(this, 'SecretsKey', {
      description: 'Encrypts the access key secrets written by the access key rotator',
      enableKeyRotation: true,
    });
    const lockTable = new RotationLockTable(this, 'LockTable');
    const access = new RotationAccess(this, {
      userPath,
      optInTag: props.optInTag,
      secretNamePrefix,
      secretsKey,
      lockTable,
    });
    const environment = rotatorEnvironment({
      secretNamePrefix,
      secretsKmsKeyId: secretsKey.keyId,
      lockTableName: lockTable.tableName,
      gracePeriod: props.gracePeriod ?? Duration.seconds(DEFAULT_SETTINGS.gracePeriodSeconds),
      deletionDelay: props.deletionDelay ?? Duration.seconds(DEFAULT_SETTINGS.deletionDelaySeconds),
      oldKeyInUsePolicy: props.oldKeyInUsePolicy ?? DEFAULT_SETTINGS.oldKeyInUsePolicy,
      maxDeferrals,
      userPath,
      optInTag: props.optInTag,
    });

    this.functions = mapRotationSteps((stepId, step) => {
      const fn = new RotatorFunction(this, `${stepId.charAt(0).toUpperCase()}${stepId.slice(1)}Function`, {
        entry: step.entry,
        description: step.description,
      });
      fn.addEnvironments(environment);
      access.grant(fn, step.access);
      return fn;
    });
    this.workflow = new RotationWorkflow(this, 'Workflow', { steps: this.functions });

    this.secretsKey = secretsKey;
    this.stateMachineArn = this.workflow.stateMachine.stateMachineArn;
    this.secretsKmsKeyArn = secretsKey.keyArn;
    this.lockTableName = lockTable.tableName;
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachineArn });
    new CfnOutput(this, 'SecretsKmsKeyArn', { value: this.secretsKmsKeyArn });
    new CfnOutput(this, 'LockTableName', { value: this.lockTableName });
  }
}
