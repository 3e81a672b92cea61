/**
 * The member account's role, as the template a StackSet would deploy: its
 * trust and its permissions statement for statement, the settings that shape
 * them, the absence of anything a StackSet cannot deploy (assets, parameters,
 * the bootstrap rule), and that it allows exactly the IAM and Secrets Manager
 * actions the hub's AWS steps are granted at home.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MemberRotationRoleStack,
  type MemberRotationRoleStackProps,
} from '../../lib/member/member-rotation-role-stack.ts';
import { OrganizationListingRoleStack } from '../../lib/member/organization-listing-role-stack.ts';
import { cdkJsonContext } from '../../lib/settings/cdk-json-context.ts';
import {
  actionsOf,
  type PolicyStatement,
  providerResources,
  renderIntrinsics,
  roleIdOf,
  roleStatements,
  synthesizeRotator,
} from './synthesized-rotator.ts';

const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-member-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const HUB = '111111111111';
const USERS = 'arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*';

function memberTemplate(props: Partial<MemberRotationRoleStackProps> = {}) {
  const app = new App({ context: cdkJsonContext(), outdir });
  const stack = new MemberRotationRoleStack(app, 'Member', { hubAccountId: HUB, ...props });
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    [section: string]: unknown;
  };
  const roles = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::IAM::Role');
  expect(roles).toHaveLength(1);
  const role = renderIntrinsics(roles[0]?.Properties) as {
    RoleName: string;
    AssumeRolePolicyDocument: { Statement: unknown[] };
    Policies: { PolicyName: string; PolicyDocument: { Statement: PolicyStatement[] } }[];
  };
  return { stack, template, role, statements: role.Policies.flatMap((p) => p.PolicyDocument.Statement) };
}

const trust = (conditions: Record<string, Record<string, string>>) => [
  {
    Action: 'sts:AssumeRole',
    Effect: 'Allow',
    Principal: { AWS: `arn:<AWS::Partition>:iam::${HUB}:root` },
    Condition: conditions,
  },
];

describe('MemberRotationRoleStack', () => {
  it('is trusted by the hub account’s roles under /access-key-rotator/ presenting the ExternalId, and by nothing else', () => {
    const { role } = memberTemplate();
    expect(role.RoleName).toBe('access-key-rotator-member');
    expect(role.AssumeRolePolicyDocument.Statement).toEqual(
      trust({
        StringEquals: { 'sts:ExternalId': 'access-key-rotator' },
        ArnLike: { 'aws:PrincipalArn': `arn:<AWS::Partition>:iam::${HUB}:role/access-key-rotator/*` },
      }),
    );
  });

  it('also requires the organization when one is given, and takes the role name and ExternalId from the settings', () => {
    const { role } = memberTemplate({
      organizationId: 'o-a1b2c3d4e5',
      memberRoleName: 'key-rotation',
      memberExternalId: 'team-42',
    });
    expect(role.RoleName).toBe('key-rotation');
    expect(role.AssumeRolePolicyDocument.Statement).toEqual(
      trust({
        StringEquals: { 'sts:ExternalId': 'team-42', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
        ArnLike: { 'aws:PrincipalArn': `arn:<AWS::Partition>:iam::${HUB}:role/access-key-rotator/*` },
      }),
    );
  });

  it('reads users under the path, changes keys only of users with the opt-in tag, and reads the inventory', () => {
    const { statements } = memberTemplate();
    expect(statements).toEqual([
      {
        Action: ['iam:GetAccessKeyLastUsed', 'iam:GetUser', 'iam:ListAccessKeys', 'iam:ListUserTags'],
        Effect: 'Allow',
        Resource: USERS,
      },
      {
        Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:UpdateAccessKey'],
        Condition: { StringEquals: { 'iam:ResourceTag/access-key-rotator:rotate': 'true' } },
        Effect: 'Allow',
        Resource: USERS,
      },
      { Action: 'iam:GetAccountAuthorizationDetails', Effect: 'Allow', Resource: '*' },
    ]);
  });

  it('follows the user path and opt-in tag settings, and drops the condition when the tag is off', () => {
    const tagged = memberTemplate({ userPath: '/rotated/', optInTag: { key: 'rotate' } }).statements;
    expect(tagged[1]).toEqual({
      Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:UpdateAccessKey'],
      Condition: { StringLike: { 'iam:ResourceTag/rotate': '*' } },
      Effect: 'Allow',
      Resource: 'arn:<AWS::Partition>:iam::<AWS::AccountId>:user/rotated/*',
    });
    // Without a condition to tell them apart, CDK merges reads and writes on the users into one statement.
    expect(memberTemplate({ optInTag: 'off' }).statements).toEqual([
      {
        Action: [
          'iam:CreateAccessKey',
          'iam:DeleteAccessKey',
          'iam:GetAccessKeyLastUsed',
          'iam:GetUser',
          'iam:ListAccessKeys',
          'iam:ListUserTags',
          'iam:UpdateAccessKey',
        ],
        Effect: 'Allow',
        Resource: USERS,
      },
      { Action: 'iam:GetAccountAuthorizationDetails', Effect: 'Allow', Resource: '*' },
    ]);
  });

  it('with member-kept secrets, manages this account’s rotator secrets in any region, with no KMS grant', () => {
    const { statements } = memberTemplate({ secretLocation: 'member', secretNamePrefix: 'team-keys' });
    expect(statements).toHaveLength(4);
    expect(statements[3]).toEqual({
      Action: [
        'secretsmanager:CreateSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutResourcePolicy',
        'secretsmanager:PutSecretValue',
        'secretsmanager:TagResource',
        'secretsmanager:UpdateSecret',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      Effect: 'Allow',
      Resource:
        'arn:<AWS::Partition>:secretsmanager:*:<AWS::AccountId>:secret:team-keys/aws/<AWS::AccountId>/*',
    });
    expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('kms:'))).toEqual([]);
  });

  it('is one standalone template: no parameters, rules, conditions, metadata resource, assets or deploy role', () => {
    const { stack, template } = memberTemplate();
    expect(Object.keys(template).sort()).toEqual(['Outputs', 'Resources']);
    expect(Object.values(template.Resources).map((resource) => resource.Type)).toEqual(['AWS::IAM::Role']);
    // One template for every account: the member account is AWS::AccountId, the hub the only literal id.
    expect(
      JSON.stringify(template)
        .match(/\d{12}/g)
        ?.every((id) => id === HUB),
    ).toBe(true);
    expect(() => new s3assets.Asset(stack, 'Asset', { path: import.meta.filename })).toThrow(
      /standalone template/,
    );
  });

  it('allows exactly the IAM and secret actions the hub grants its own AWS steps', () => {
    const hub = synthesizeRotator({ 'akr:providers': 'aws' });
    const hubActions = providerResources(hub.resources, 'AWS::Lambda::Function', 'aws')
      .flatMap(([, fn]) => roleStatements(hub.resources, roleIdOf(fn)))
      .flatMap(actionsOf);
    const member = memberTemplate({ secretLocation: 'member' }).statements.flatMap(actionsOf);
    const of = (actions: string[], service: string) =>
      [...new Set(actions.filter((action) => action.startsWith(`${service}:`)))].sort();
    expect(of(member, 'iam')).toEqual(of(hubActions, 'iam'));
    expect(of(member, 'secretsmanager')).toEqual(of(hubActions, 'secretsmanager'));
  });

  it('refuses a hub account id that is not 12 digits, and a bad role name, naming the field', () => {
    expect(() => memberTemplate({ hubAccountId: '12345' })).toThrow(/^hubAccountId must be/);
    expect(() => memberTemplate({ memberRoleName: 'no spaces' })).toThrow(/^memberRoleName must be/);
    expect(() => memberTemplate({ organizationId: 'org-1' })).toThrow(/^organizationId must be/);
    expect(() => memberTemplate({ userPath: 'rotated' })).toThrow(/^userPath must be/);
  });
});

describe('OrganizationListingRoleStack', () => {
  it('lets the hub’s step roles list the organization, read-only, with the member role’s trust', () => {
    const app = new App({ context: cdkJsonContext(), outdir });
    const stack = new OrganizationListingRoleStack(app, 'Listing', {
      hubAccountId: HUB,
      organizationId: 'o-a1b2c3d4e5',
    });
    const template = Template.fromStack(stack).toJSON() as Record<string, unknown>;
    expect(Object.keys(template).sort()).toEqual(['Outputs', 'Resources']);
    const [role, ...others] = Object.values(template.Resources as Record<string, { Properties: unknown }>);
    expect(others).toEqual([]);
    expect(renderIntrinsics(role?.Properties)).toEqual({
      RoleName: 'access-key-rotator-organization-listing',
      Description: `Lets the access key rotator in account ${HUB} list the organization's accounts`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: trust({
          StringEquals: { 'sts:ExternalId': 'access-key-rotator', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          ArnLike: { 'aws:PrincipalArn': `arn:<AWS::Partition>:iam::${HUB}:role/access-key-rotator/*` },
        }),
      },
      Policies: [
        {
          PolicyName: 'Listing',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Action: [
                  'organizations:DescribeOrganization',
                  'organizations:ListAccounts',
                  'organizations:ListAccountsForParent',
                ],
                Effect: 'Allow',
                Resource: '*',
              },
            ],
          },
        },
      ],
    });
  });
});
