/**
 * The deployable rotator: a KMS key for the secrets, the lock table, the
 * notification topic, the evidence archive bucket, and per provider a ProviderRotator (step functions and
 * rotation workflow) and a ProviderFleet (discovery, fleet workflow, schedule),
 * all sharing the key, the table and the topic; and one on-demand endpoint
 * that starts any provider's rotation; with the AWS provider, the leak
 * response (lib/leak) that rotates a key AWS Health reports exposed. With member accounts configured, the
 * AWS rotator also reaches them through each account's member role (hub and
 * spoke; see lib/member/). This stack only composes; defaults and rules live
 * in the constructs and in the settings files.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { LeakResponse } from './leak/leak-response.ts';
import { type MemberAccountsProps, resolveMemberAccounts } from './member/account-settings.ts';
import { grantHubAccountAccess } from './member/hub-account-access.ts';
import { EvidenceArchiveBucket, type EvidenceObjectLock } from './platform/evidence-archive-bucket.ts';
import { FleetWorkBucket } from './platform/fleet-work-bucket.ts';
import { ProviderFleet } from './provider-fleet.ts';
import { ProviderRotator } from './provider-rotator.ts';
import { RotationEndpoint } from './rotation/rotation-endpoint.ts';
import { RotationLockTable } from './rotation/rotation-lock-table.ts';
import { RotationNotifications } from './rotation/rotation-notifications.ts';
import { checkProviders, PROVIDERS, providerTitle } from './rotator-providers.ts';
import { type FleetSettingsProps, resolveFleetSettings } from './settings/fleet-settings.ts';
import { type RotationSettingsProps, resolveRotationSettings } from './settings/rotation-settings.ts';

export interface AccessKeyRotatorStackProps extends StackProps, RotationSettingsProps {
  /**
   * The providers to deploy a rotator (state machine and functions) for.
   * @default ['aws', 'yandex']
   */
  readonly providers?: readonly Provider[];
  /**
   * When the fleet runs and whom it rotates.
   * @default - every fleet setting at its default (daily at 03:00 UTC, keys due at 90 days)
   */
  readonly fleet?: FleetSettingsProps;
  /**
   * Object Lock default retention of the evidence archive; only takes effect when the bucket is created.
   * @default - no Object Lock
   */
  readonly evidenceObjectLock?: EvidenceObjectLock;
  /**
   * AWS: the member accounts rotated besides the hub (this stack's account),
   * each through its member role (MemberRotationRoleStack).
   * @default - the hub account only, exactly as a single-account deployment
   */
  readonly accounts?: MemberAccountsProps;
  /**
   * AWS: rotate at once (emergency) each access key an AWS Health
   * `AWS_RISK_CREDENTIALS_EXPOSED` event names. Without the aws provider there is nothing to rotate.
   * @default true
   */
  readonly leakResponse?: boolean;
}

export class AccessKeyRotatorStack extends Stack {
  readonly secretsKmsKeyArn: string;
  readonly lockTableName: string;
  readonly secretsKey: kms.IKey;
  /** The rotator of each deployed provider. */
  readonly rotators: Readonly<Partial<Record<Provider, ProviderRotator>>>;
  /** The fleet of each deployed provider. */
  readonly fleets: Readonly<Partial<Record<Provider, ProviderFleet>>>;
  readonly notifications: RotationNotifications;
  readonly endpoint: RotationEndpoint;
  readonly evidenceArchive: EvidenceArchiveBucket;
  /** Present when the aws provider is deployed and the leak response is on. */
  readonly leakResponse: LeakResponse | undefined;

  constructor(scope: Construct, id: string, props: AccessKeyRotatorStackProps = {}) {
    super(scope, id, props);
    const providers = checkProviders(props.providers ?? PROVIDERS, 'providers');
    const settings = resolveRotationSettings(props);
    const fleetSettings = resolveFleetSettings(props.fleet);
    const accounts = props.accounts === undefined ? undefined : resolveMemberAccounts(props.accounts);
    if (accounts !== undefined && !providers.includes('aws'))
      throw new Error('accounts needs the aws provider: member accounts are AWS accounts');

    const secretsKey = new kms.Key(this, 'SecretsKey', {
      description: 'Encrypts the access key secrets written by the access key rotator',
      enableKeyRotation: true,
    });
    const lockTable = new RotationLockTable(this, 'LockTable');
    this.notifications = new RotationNotifications(this, 'Notifications');
    this.evidenceArchive = new EvidenceArchiveBucket(this, 'EvidenceArchive', {
      objectLock: props.evidenceObjectLock,
    });
    const fleetWork = new FleetWorkBucket(this, 'FleetWorkBucket', {
      accessLogs: this.evidenceArchive.accessLogs,
    });
    const rotators: Partial<Record<Provider, ProviderRotator>> = {};
    const fleets: Partial<Record<Provider, ProviderFleet>> = {};
    const stateMachines: Partial<Record<Provider, sfn.IStateMachine>> = {};
    for (const provider of providers) {
      const title = providerTitle(provider);
      const rotator = new ProviderRotator(this, rotatorId(provider), {
        provider,
        secretsKey,
        lockTable,
        settings,
        fleet: fleetSettings,
        notifications: this.notifications,
        evidenceArchive: this.evidenceArchive,
      });
      const fleet = new ProviderFleet(this, `${title}Fleet`, {
        rotator,
        settings: fleetSettings,
        workBucket: fleetWork,
      });
      rotators[provider] = rotator;
      fleets[provider] = fleet;
      stateMachines[provider] = rotator.workflow.stateMachine;
      new CfnOutput(this, `${title}StateMachineArn`, { value: rotator.stateMachineArn });
      new CfnOutput(this, `${title}FleetStateMachineArn`, { value: fleet.stateMachineArn });
      new CfnOutput(this, `${title}ReactivateFunctionName`, {
        value: rotator.reactivateFunction.functionName,
      });
    }
    this.endpoint = new RotationEndpoint(this, 'RotationEndpoint', { stateMachines });
    const awsRotator = rotators.aws;
    const awsFleet = fleets.aws;
    this.leakResponse =
      awsRotator && (props.leakResponse ?? true)
        ? new LeakResponse(this, 'LeakResponse', { stateMachine: awsRotator.workflow.stateMachine })
        : undefined;
    if (awsRotator && awsFleet)
      grantHubAccountAccess({
        rotator: awsRotator,
        fleet: awsFleet,
        // The leak response needs the hub's id to tell a hub key from a member account's.
        others: [this.endpoint.function, ...(this.leakResponse ? [this.leakResponse.function] : [])],
        accounts,
      });

    this.rotators = rotators;
    this.fleets = fleets;
    this.secretsKey = secretsKey;
    this.secretsKmsKeyArn = secretsKey.keyArn;
    this.lockTableName = lockTable.tableName;
    new CfnOutput(this, 'SecretsKmsKeyArn', { value: this.secretsKmsKeyArn });
    new CfnOutput(this, 'LockTableName', { value: this.lockTableName });
    new CfnOutput(this, 'NotificationTopicArn', { value: this.notifications.topic.topicArn });
    new CfnOutput(this, 'RotationEndpointUrl', { value: this.endpoint.url });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidenceArchive.bucket.bucketName });
    new CfnOutput(this, 'FleetWorkBucketName', { value: fleetWork.bucket.bucketName });
  }

  /** The rotator of `provider`; throws if this stack does not deploy it. */
  rotator(provider: Provider): ProviderRotator {
    const rotator = this.rotators[provider];
    if (!rotator) throw new Error(`This stack deploys no ${provider} rotator`);
    return rotator;
  }

  /** The fleet of `provider`; throws if this stack does not deploy it. */
  fleet(provider: Provider): ProviderFleet {
    const fleet = this.fleets[provider];
    if (!fleet) throw new Error(`This stack deploys no ${provider} fleet`);
    return fleet;
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
