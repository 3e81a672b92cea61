/**
 * The hub's side of multi-account rotation, in the synthesized template: the
 * AWS step roles under the path the member role trusts, which of them may
 * assume member roles (exact ARNs for a list, any account's role of that name
 * for an organization), Discover's Organizations access, the account
 * environment, cdk-nag still clean; and a single-account template that
 * gains nothing but AKR_HUB_ACCOUNT_ID.
 */
import { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ENV } from '../../lambdas/config/account-scope.ts';
import {
  actionsOf,
  type PolicyStatement,
  providerResources,
  renderIntrinsics,
  resourcesOfType,
  roleIdOf,
  roleStatements,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

const MEMBERS = ['222222222222', '333333333333'];
const memberRole = (account: string, name = 'access-key-rotator-member') =>
  `arn:<AWS::Partition>:iam::${account}:role/${name}`;

/** The handlers that act in a member account: they read or change IAM users there. */
const IAM_STEPS = [
  'plan',
  'create-key',
  'check-old-key-use',
  'retire-old-key',
  'delete-old-key',
  'roll-back',
  'reactivate-old-key',
  'fleet-discover',
];
const entryOf = (fn: TemplateResource) =>
  String(fn.Metadata?.['akr:entry']).replace(/^lambdas\/handlers\/(.*)\.ts$/, '$1');

/** The AWS rotator's and fleet's functions: the leak response (`akr:trigger`) only starts rotations. */
function awsFunctions(synthesized: SynthesizedRotator): [string, TemplateResource][] {
  return providerResources(synthesized.resources, 'AWS::Lambda::Function', 'aws').filter(
    ([, fn]) => fn.Metadata?.['akr:trigger'] === undefined,
  );
}

function leakResponseFunctions(synthesized: SynthesizedRotator): [string, TemplateResource][] {
  return providerResources(synthesized.resources, 'AWS::Lambda::Function', 'aws').filter(
    ([, fn]) => fn.Metadata?.['akr:trigger'] === 'leak-response',
  );
}

function statementsOf(synthesized: SynthesizedRotator, fn: TemplateResource): PolicyStatement[] {
  return roleStatements(synthesized.resources, roleIdOf(fn));
}

/** handler → its sts:AssumeRole statements, for the handlers that have any. */
function assumeRoleGrants(synthesized: SynthesizedRotator): Record<string, PolicyStatement[]> {
  const grants: Record<string, PolicyStatement[]> = {};
  for (const [, fn] of awsFunctions(synthesized)) {
    const statements = statementsOf(synthesized, fn).filter((s) => actionsOf(s).includes('sts:AssumeRole'));
    if (statements.length > 0) grants[entryOf(fn)] = statements;
  }
  return grants;
}

function allStatements(synthesized: SynthesizedRotator): PolicyStatement[] {
  return resourcesOfType(synthesized.resources, 'AWS::IAM::Policy').flatMap(
    ([, policy]) =>
      (renderIntrinsics(policy.Properties.PolicyDocument) as { Statement: PolicyStatement[] }).Statement,
  );
}

const variablesOf = (fn: TemplateResource) =>
  renderIntrinsics((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables) as Record<
    string,
    unknown
  >;

const isAccountVariable = (name: string) => (Object.values(ACCOUNT_ENV) as string[]).includes(name);

const rolePaths = (synthesized: SynthesizedRotator) =>
  Object.fromEntries(
    resourcesOfType(synthesized.resources, 'AWS::IAM::Role').map(([id, role]) => [id, role.Properties.Path]),
  );

describe('hub with a list of member accounts', () => {
  let synthesized: SynthesizedRotator;
  beforeAll(() => {
    synthesized = synthesizeRotator({
      'akr:accounts': MEMBERS.join(','),
      'akr:excludeAccounts': '444444444444',
    });
  });

  it('puts every AWS function role under /access-key-rotator/, and no other role', () => {
    const paths = rolePaths(synthesized);
    const awsRoles = new Set(awsFunctions(synthesized).map(([, fn]) => roleIdOf(fn)));
    expect(awsRoles.size).toBe(12);
    for (const [id, path] of Object.entries(paths))
      expect(path, id).toBe(awsRoles.has(id) ? '/access-key-rotator/' : undefined);
  });

  it('lets exactly the steps that act on IAM users assume the member role of each listed account', () => {
    const grants = assumeRoleGrants(synthesized);
    expect(Object.keys(grants).sort()).toEqual([...IAM_STEPS].sort());
    for (const [entry, statements] of Object.entries(grants))
      expect(statements, entry).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Resource: MEMBERS.map((account) => memberRole(account)),
        },
      ]);
  });

  it('grants no Organizations access and nothing to the Yandex roles', () => {
    expect(
      allStatements(synthesized)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('organizations:')),
    ).toEqual([]);
    for (const [id, fn] of providerResources(synthesized.resources, 'AWS::Lambda::Function', 'yandex')) {
      expect(statementsOf(synthesized, fn).flatMap(actionsOf), id).not.toContain('sts:AssumeRole');
      expect(Object.keys(variablesOf(fn)).filter(isAccountVariable), id).toEqual([]);
    }
  });

  it('tells every AWS function, the endpoint and the leak response the scope, the hub being the stack’s own account', () => {
    const endpoint = providerResources(synthesized.resources, 'AWS::Lambda::Function', 'any');
    const functions = [...awsFunctions(synthesized), ...endpoint, ...leakResponseFunctions(synthesized)];
    expect(functions).toHaveLength(14);
    for (const [id, fn] of functions)
      expect(variablesOf(fn), id).toMatchObject({
        [ACCOUNT_ENV.hubAccountId]: '<AWS::AccountId>',
        [ACCOUNT_ENV.accounts]: '222222222222,333333333333',
        [ACCOUNT_ENV.organizationalUnits]: '',
        [ACCOUNT_ENV.excludedAccounts]: '444444444444',
        [ACCOUNT_ENV.memberRoleName]: 'access-key-rotator-member',
        [ACCOUNT_ENV.memberExternalId]: 'access-key-rotator',
        [ACCOUNT_ENV.organizationRoleArn]: '',
        [ACCOUNT_ENV.secretLocation]: 'hub',
      });
  });
});

describe('hub over an organization, secrets kept in the member accounts', () => {
  let synthesized: SynthesizedRotator;
  beforeAll(() => {
    synthesized = synthesizeRotator({
      'akr:accounts': 'organization',
      'akr:organizationalUnits': 'ou-ab12-cd34ef56,ou-ab12-zz99yy88',
      'akr:organizationId': 'o-a1b2c3d4e5',
      'akr:secretLocation': 'member',
      'akr:memberRoleName': 'key-rotation',
      'akr:hubAccountId': '123456789012',
    });
  });

  it('lets the IAM steps and the secret steps assume any account’s member role, within the organization', () => {
    const grants = assumeRoleGrants(synthesized);
    expect(Object.keys(grants).sort()).toEqual([...IAM_STEPS, 'verify-key', 'publish'].sort());
    const fromDiscover = grants['fleet-discover'];
    for (const [entry, statements] of Object.entries(grants))
      expect(statements, entry).toEqual([
        {
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } },
          Effect: 'Allow',
          Resource: memberRole('*', 'key-rotation'),
        },
      ]);
    expect(fromDiscover).toBeDefined();
  });

  it('lets Discover, and only Discover, list the organization itself', () => {
    for (const [, fn] of awsFunctions(synthesized)) {
      const organizations = statementsOf(synthesized, fn).filter((s) =>
        actionsOf(s).some((action) => action.startsWith('organizations:')),
      );
      if (entryOf(fn) !== 'fleet-discover') {
        expect(organizations, entryOf(fn)).toEqual([]);
        continue;
      }
      expect(organizations.map((s) => s.Resource)).toEqual(['*']);
      expect(organizations.flatMap(actionsOf).filter((a) => a.startsWith('organizations:'))).toEqual([
        'organizations:DescribeOrganization',
        'organizations:ListAccounts',
        'organizations:ListAccountsForParent',
      ]);
    }
  });

  it('tells the functions the organization scope', () => {
    for (const [id, fn] of awsFunctions(synthesized))
      expect(variablesOf(fn), id).toMatchObject({
        [ACCOUNT_ENV.accounts]: 'organization',
        [ACCOUNT_ENV.organizationalUnits]: 'ou-ab12-cd34ef56,ou-ab12-zz99yy88',
        [ACCOUNT_ENV.memberRoleName]: 'key-rotation',
        [ACCOUNT_ENV.secretLocation]: 'member',
      });
  });

  it('keeps cdk-nag clean for the hub and both member-account stacks, the any-account role acknowledged with its reason', () => {
    const stacks = synthesized.app.node.children.filter((child) => Stack.isStack(child));
    expect(stacks.map((stack) => stack.node.id).sort()).toEqual([
      'AccessKeyRotator',
      'AccessKeyRotatorMember',
      'AccessKeyRotatorOrganizationListing',
    ]);
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    const reasons = synthesized.app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    const anyAccount = reasons.filter(([id]) => id.includes(':iam::*:role/key-rotation'));
    expect(anyAccount.length).toBe(IAM_STEPS.length + 2);
    for (const [, reason] of anyAccount) expect(reason).toMatch(/organization.*aws:ResourceOrgID/);
  });
});

describe('hub over an organization listed through the management account', () => {
  it('lets Discover assume the listing role instead of calling Organizations', () => {
    const roleArn = 'arn:aws:iam::999999999999:role/access-key-rotator-organization-listing';
    const synthesized = synthesizeRotator({
      'akr:providers': 'aws',
      'akr:accounts': 'organization',
      'akr:organizationRoleArn': roleArn,
    });
    const [, discover] = awsFunctions(synthesized).find(([, fn]) => entryOf(fn) === 'fleet-discover') ?? [];
    if (!discover) throw new Error('no Discover');
    const statements = statementsOf(synthesized, discover);
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('organizations:'))).toEqual([]);
    const assumable = statements
      .filter((s) => actionsOf(s).includes('sts:AssumeRole'))
      .flatMap((s) => s.Resource);
    expect(assumable.sort()).toEqual([memberRole('*'), roleArn].sort());
    expect(variablesOf(discover)[ACCOUNT_ENV.organizationRoleArn]).toBe(roleArn);
  });
});

describe('single-account hub (no account setting)', () => {
  let single: SynthesizedRotator;
  beforeAll(() => {
    single = synthesizeRotator({});
  });

  it('has no role path, no AssumeRole and no Organizations access anywhere', () => {
    expect(Object.values(rolePaths(single)).filter((path) => path !== undefined)).toEqual([]);
    const actions = allStatements(single).flatMap(actionsOf);
    expect(actions.filter((a) => a.startsWith('sts:') || a.startsWith('organizations:'))).toEqual([]);
  });

  it('adds AKR_HUB_ACCOUNT_ID alone, to the AWS functions and the endpoint only', () => {
    for (const [id, fn] of resourcesOfType(single.resources, 'AWS::Lambda::Function')) {
      const accountVariables = Object.entries(variablesOf(fn)).filter(([name]) => isAccountVariable(name));
      const provider = fn.Metadata?.['akr:provider'];
      expect(accountVariables, id).toEqual(
        provider === 'yandex' ? [] : [[ACCOUNT_ENV.hubAccountId, '<AWS::AccountId>']],
      );
    }
  });

  it('is unchanged by the member-role keys alone, which only the member stacks read', () => {
    const shared = synthesizeRotator({
      'akr:memberRoleName': 'key-rotation',
      'akr:memberExternalId': 'team-42',
      'akr:secretLocation': 'member',
      'akr:organizationId': 'o-a1b2c3d4e5',
    });
    expect(shared.resources).toEqual(single.resources);
  });
});
