/**
 * The deployable rotator: a KMS key for the secrets, the lock table, and one
 * ProviderRotator (step functions and workflow) per provider, all sharing the
 * key and the table. This stack only composes; defaults and rules live in the
 * constructs and in rotation-settings.ts.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { ProviderRotator } from './provider-rotator.ts';
import { RotationLockTable } from './rotation-lock-table.ts';
import { type RotationSettingsProps, resolveRotationSettings } from './rotation-settings.ts';
import { checkProviders, PROVIDERS, providerTitle } from './rotator-providers.ts';

export interface AccessKeyRotatorStackProps extends StackProps, RotationSettingsProps {
  /**
   * The providers to deploy a rotator (state machine and functions) for.
   * @default ['aws', 'yandex']
   */
  readonly providers?: readonly Provider[];
}

export class AccessKeyRotatorStack extends Stack {
  readonly secretsKmsKeyArn: string;
  readonly lockTableName: string;
  readonly secretsKey: kms.IKey;
  /** The rotator of each deployed provider. */
  readonly rotators: Readonly<Partial<Record<Provider, ProviderRotator>>>;

  constructor(scope: Construct, id: string, props: AccessKeyRotatorStackProps = {}) {
    super(scope, id, props);
    const providers = checkProviders(props.providers ?? PROVIDERS, 'providers');
    const settings = resolveRotationSettings(props);

    const secretsKey = new kms.Key(this, 'SecretsKey', {
      description: 'Encrypts the access key secrets written by the access key rotator',
      enableKeyRotation: true,
    });
    const lockTable = new RotationLockTable(this, 'LockTable');
    const rotators: Partial<Record<Provider, ProviderRotator>> = {};
    for (const provider of providers) {
      const rotator = new ProviderRotator(this, rotatorId(provider), {
        provider,
        secretsKey,
        lockTable,
        settings,
      });
      rotators[provider] = rotator;
      new CfnOutput(this, `${providerTitle(provider)}StateMachineArn`, { value: rotator.stateMachineArn });
    }

    this.rotators = rotators;
    this.secretsKey = secretsKey;
    this.secretsKmsKeyArn = secretsKey.keyArn;
    this.lockTableName = lockTable.tableName;
    new CfnOutput(this, 'SecretsKmsKeyArn', { value: this.secretsKmsKeyArn });
    new CfnOutput(this, 'LockTableName', { value: this.lockTableName });
  }

  /** The rotator of `provider`; throws if this stack does not deploy it. */
  rotator(provider: Provider): ProviderRotator {
    const rotator = this.rotators[provider];
    if (!rotator) throw new Error(`This stack deploys no ${provider} rotator`);
    return rotator;
  }
}

/**
 * The AWS rotator came first, built straight in the stack. CDK leaves an id of
 * `Default` out of logical ids, so its functions, roles and state machine keep
 * theirs: an update neither replaces the state machine (which would stop the
 * rotations in flight, some waiting for weeks) nor changes its ARN.
 */
function rotatorId(provider: Provider): string {
  return provider === 'aws' ? 'Default' : providerTitle(provider);
}
