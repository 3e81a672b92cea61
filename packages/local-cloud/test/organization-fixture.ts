/**
 * A local cloud whose home account is not 000000000000, managing an
 * organization of member accounts, each holding the member role the
 * rotator's design gives it: trusting the hub account, with an ExternalId,
 * only for principals under the hub's `/access-key-rotator/` path, and only
 * from within the organization.
 */
import type { Credentials as StsCredentials } from '@aws-sdk/client-sts';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type SeededOrganization, seedOrganization } from '../src/index.ts';
import { startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

export const HUB = '111122223333';
export const MEMBER = '444455556666';
export const SUSPENDED_MEMBER = '777788889999';
export const MEMBER_ROLE = 'access-key-rotator-member';
export const EXTERNAL_ID = 'access-key-rotator';

export function memberTrustPolicy(hub: string, conditions: Record<string, unknown>) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${hub}:root` },
        Action: 'sts:AssumeRole',
        Condition: conditions,
      },
    ],
  };
}

export function designedConditions(hub: string, organizationId: string): Record<string, unknown> {
  return {
    StringEquals: { 'sts:ExternalId': EXTERNAL_ID, 'aws:PrincipalOrgID': organizationId },
    ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${hub}:role/access-key-rotator/*` },
  };
}

export interface OrganizationCloud extends TestCloud {
  readonly organization: SeededOrganization;
}

export async function startOrganizationCloud(stateDir?: string): Promise<OrganizationCloud> {
  const t = await startTestCloud({ accountId: HUB, ...(stateDir !== undefined && { stateDir }) });
  const organization = seedOrganization(t.cloud, {
    ous: [{ name: 'workloads' }],
    accounts: [
      { id: MEMBER, name: 'member', ou: 'workloads' },
      { id: SUSPENDED_MEMBER, name: 'gone', status: 'SUSPENDED' },
    ],
  });
  t.cloud.account(MEMBER).iam.roles.create({
    roleName: MEMBER_ROLE,
    assumeRolePolicyDocument: memberTrustPolicy(HUB, designedConditions(HUB, organization.organizationId)),
    policies: {
      rotate: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] },
    },
  });
  return { ...t, organization };
}

export function memberRoleArn(account = MEMBER, roleName = MEMBER_ROLE): string {
  return `arn:aws:iam::${account}:role/${roleName}`;
}

export async function assumeMemberRole(t: TestCloud, externalId = EXTERNAL_ID): Promise<StsCredentials> {
  const assumed = await t.sts.send(
    new AssumeRoleCommand({
      RoleArn: memberRoleArn(),
      RoleSessionName: 'access-key-rotator',
      ExternalId: externalId,
    }),
  );
  if (!assumed.Credentials) throw new Error('AssumeRole returned no credentials');
  return assumed.Credentials;
}

/** SDK credentials from an AssumeRole answer. */
export function sessionCredentials(credentials: Partial<StsCredentials>) {
  return {
    accessKeyId: credentials.AccessKeyId ?? '',
    secretAccessKey: credentials.SecretAccessKey ?? '',
    sessionToken: credentials.SessionToken ?? '',
  };
}
