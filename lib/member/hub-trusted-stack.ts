/**
 * A stack deployed into another account of a multi-account deployment,
 * holding a role the hub's steps assume there. Its trust: the hub account,
 * and within it only roles under HUB_ROLE_PATH (the rotator's step roles),
 * presenting the deployment's ExternalId and, when an organization is
 * configured, belonging to it. Another role of the hub, or an administrator
 * there, cannot assume it without first being one of those roles.
 *
 * Each such stack is one standalone template (StandaloneTemplateSynthesizer)
 * that names its own account only as `AWS::AccountId`.
 */
import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ACCOUNT_ID_PATTERN } from '../../lambdas/shared/account-principal.ts';
import {
  HUB_ROLE_PATH,
  type MemberRoleSettingsProps,
  resolveMemberRoleSettings,
} from './account-settings.ts';
import { StandaloneTemplateSynthesizer } from './standalone-template-synthesizer.ts';

export interface HubTrustedStackProps extends StackProps, MemberRoleSettingsProps {
  /** The account the hub stack is deployed to: the only account trusted. */
  readonly hubAccountId: string;
}

export abstract class HubTrustedStack extends Stack {
  /** The hub's step roles, with the trust conditions. */
  protected readonly hubStepRoles: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: HubTrustedStackProps) {
    super(scope, id, {
      ...props,
      synthesizer: props.synthesizer ?? new StandaloneTemplateSynthesizer(),
      // A plain template: no AWS::CDK::Metadata resource and its region condition in every account.
      analyticsReporting: props.analyticsReporting ?? false,
    });
    const hub = checkHubAccountId(props.hubAccountId, 'hubAccountId');
    const { memberExternalId, organizationId } = resolveMemberRoleSettings(props);
    this.hubStepRoles = new iam.AccountPrincipal(hub).withConditions({
      StringEquals: {
        'sts:ExternalId': memberExternalId,
        ...(organizationId === undefined ? {} : { 'aws:PrincipalOrgID': organizationId }),
      },
      ArnLike: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${hub}:role${HUB_ROLE_PATH}*` },
    });
  }
}

export function checkHubAccountId(value: string, field: string): string {
  if (ACCOUNT_ID_PATTERN.test(value)) return value;
  throw new Error(`${field} must be the hub's 12-digit AWS account id, got "${value}"`);
}
