/**
 * Where rotations announce what happened (lambdas/rotation/rotation-events.ts):
 * one SNS topic for people and the default EventBridge bus for automation.
 * The topic is encrypted with its own customer-managed key rather than the
 * secrets key, so that a function allowed to notify can never decrypt a
 * secret; messages carry only ids and times.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FLEET_DEFAULTS } from '../../lambdas/config/fleet-environment.ts';

export interface RotationNotificationsProps {
  /**
   * The key the topic is encrypted with.
   * @default - a new customer-managed key with rotation enabled
   */
  readonly topicKey?: kms.IKey;
}

export class RotationNotifications extends Construct {
  readonly topic: sns.Topic;
  readonly topicKey: kms.IKey;
  /** `arn:<partition>:events:<region>:<account>:event-bus/default` */
  readonly eventBusArn: string;
  readonly eventBusName: string = FLEET_DEFAULTS.eventBusName;

  constructor(scope: Construct, id: string, props: RotationNotificationsProps = {}) {
    super(scope, id);
    this.topicKey =
      props.topicKey ??
      new kms.Key(this, 'TopicKey', {
        description: 'Encrypts the access key rotator notification topic',
        enableKeyRotation: true,
      });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Access key rotator',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    this.eventBusArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: this.eventBusName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** Lets `grantee` publish to the topic (with the key use SSE needs) and put events on the bus. */
  grantNotify(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [this.topic.topicArn] });
    // Written out: Topic.grantPublish adds kms:GenerateDataKey*, a wildcard action.
    this.topicKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    iam.Grant.addToPrincipal({ grantee, actions: ['events:PutEvents'], resourceArns: [this.eventBusArn] });
  }
}
