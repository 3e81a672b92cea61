/**
 * Optional, for the management account: a read-only role through which the
 * hub's Discover lists the organization's accounts, when the hub is neither
 * the management account nor a delegated administrator (Organizations answers
 * only those). Same trust as the member role; same plain, asset-free template.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../platform/nag-acknowledgements.ts';
import { HubTrustedStack, type HubTrustedStackProps } from './hub-trusted-stack.ts';
import { ORGANIZATION_LISTING_ACTIONS } from './member-access.ts';

/** The hub's `akr:organizationRoleArn` is `arn:aws:iam::<management account>:role/<this name>`. */
export const ORGANIZATION_LISTING_ROLE_NAME = 'access-key-rotator-organization-listing';

/** The member role's trust settings; its name and the secret location do not apply here. */
export type OrganizationListingRoleStackProps = Omit<
  HubTrustedStackProps,
  'memberRoleName' | 'secretLocation'
>;

export class OrganizationListingRoleStack extends HubTrustedStack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OrganizationListingRoleStackProps) {
    super(scope, id, props);
    this.role = new iam.Role(this, 'OrganizationListingRole', {
      roleName: ORGANIZATION_LISTING_ROLE_NAME,
      description: `Lets the access key rotator in account ${props.hubAccountId} list the organization's accounts`,
      assumedBy: this.hubStepRoles,
      inlinePolicies: {
        Listing: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: [...ORGANIZATION_LISTING_ACTIONS], resources: ['*'] }),
          ],
        }),
      },
    });
    acknowledgeWildcardResource(
      this.role,
      '*',
      'Organizations DescribeOrganization and ListAccounts have no resource-level permission; ListAccountsForParent reads the OUs named in the hub settings. Read-only.',
    );
    new CfnOutput(this, 'OrganizationListingRoleArn', { value: this.role.roleArn });
  }
}
