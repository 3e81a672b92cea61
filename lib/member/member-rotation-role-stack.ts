/**
 * The member account's side of a multi-account deployment: the one role the
 * hub's steps assume there. It may read users under the user path and change
 * their keys (only with the opt-in tag, when one is required), list the user
 * inventory for Discover and, when secrets are kept in the member account,
 * manage the rotator's secrets of this account, encrypted under the account's
 * default `aws/secretsmanager` key (so the role needs no KMS grant).
 *
 * It has no assets, no parameters and no bootstrap rule, and names its own
 * account only as `AWS::AccountId`: one template serves every account, by
 * `cdk deploy` or as a CloudFormation StackSet, and needs no `cdk bootstrap`.
 */
import { ArnFormat, Aws, CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../platform/nag-acknowledgements.ts';
import { checkUserPath, MUTATING_IAM_ACTIONS, optInCondition } from '../rotation/rotation-access.ts';
import type { IamUserAction } from '../rotation/rotation-steps.ts';
import { type RotationSettingsProps, resolveRotationSettings } from '../settings/rotation-settings.ts';
import { resolveMemberRoleSettings } from './account-settings.ts';
import { HubTrustedStack, type HubTrustedStackProps } from './hub-trusted-stack.ts';
import { INVENTORY_ACTION, memberIamActions, memberSecretActions } from './member-access.ts';

export interface MemberRotationRoleStackProps
  extends HubTrustedStackProps,
    Pick<RotationSettingsProps, 'userPath' | 'optInTag' | 'secretNamePrefix'> {}

export class MemberRotationRoleStack extends HubTrustedStack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRotationRoleStackProps) {
    super(scope, id, props);
    const member = resolveMemberRoleSettings(props);
    const settings = resolveRotationSettings(props);
    const users = this.formatArn({
      service: 'iam',
      region: '',
      resource: 'user',
      resourceName: `${checkUserPath(settings.userPath).slice(1)}*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const iamActions = memberIamActions() as IamUserAction[];
    const statements = [
      new iam.PolicyStatement({
        actions: iamActions.filter((action) => !MUTATING_IAM_ACTIONS.has(action)),
        resources: [users],
      }),
      new iam.PolicyStatement({
        actions: iamActions.filter((action) => MUTATING_IAM_ACTIONS.has(action)),
        resources: [users],
        conditions: optInCondition(settings.optInTag),
      }),
      new iam.PolicyStatement({ actions: [INVENTORY_ACTION], resources: ['*'] }),
    ];
    // Secrets kept here are named as in the hub, `<prefix>/aws/<this account>/<user>`, in any region the hub runs in.
    const secrets = `arn:${Aws.PARTITION}:secretsmanager:*:${Aws.ACCOUNT_ID}:secret:${settings.secretNamePrefix}/aws/${Aws.ACCOUNT_ID}/*`;
    if (member.secretLocation === 'member')
      statements.push(new iam.PolicyStatement({ actions: memberSecretActions(), resources: [secrets] }));

    this.role = new iam.Role(this, 'MemberRole', {
      roleName: member.memberRoleName,
      description: `Assumed by the access key rotator's step roles in account ${props.hubAccountId}`,
      assumedBy: this.hubStepRoles,
      inlinePolicies: { Rotation: new iam.PolicyDocument({ statements }) },
    });
    acknowledgeWildcardResource(
      this.role,
      users,
      `Any IAM user under path ${settings.userPath} may be rotated: the path is the scope itself` +
        (settings.optInTag ? ', and the opt-in tag condition guards every key change.' : '.'),
    );
    acknowledgeWildcardResource(
      this.role,
      '*',
      `${INVENTORY_ACTION} (Discover's paged user inventory with paths, tags and groups) has no resource-level permission.`,
    );
    if (member.secretLocation === 'member')
      acknowledgeWildcardResource(
        this.role,
        secrets,
        `One secret per user of this account under ${settings.secretNamePrefix}/aws/<account>/: names are known only at run time and Secrets Manager appends a random suffix.`,
      );
    new CfnOutput(this, 'MemberRoleArn', { value: this.role.roleArn });
  }
}
