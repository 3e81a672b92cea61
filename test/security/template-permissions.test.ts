/**
 * Least privilege, read off the synthesized template (bundling skipped): no
 * `iam:*` and no wildcard action, `Resource: "*"` only on the actions that
 * have no resource-level permission, Secrets Manager scoped to
 * `<prefix>/<provider>/*` (plus the Yandex authorized-key read, for Yandex
 * functions only), a secrets key whose policy names its users, and an
 * on-demand endpoint that requires AWS_IAM.
 */
import { Stack } from 'aws-cdk-lib';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { synthesizeRotator } from '../cdk/synthesized-rotator.ts';
import { identityStatements, listOf, resourcePolicyStatements } from './support/template-policies.ts';

const { resources, stack } = synthesizeRotator();
const identity = identityStatements(resources);
const allows = identity.filter(({ statement }) => statement.Effect === 'Allow');

/**
 * The only actions granted on `Resource: "*"`: none of them supports resource-level permissions.
 * X-Ray tracing (functions and state machines), the vended-logs delivery calls Step Functions
 * logging needs, and the fleet's paged inventory read (a read-only IAM call).
 */
const WILDCARD_RESOURCE_ACTIONS = [
  'iam:GetAccountAuthorizationDetails',
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];
const SECRETS = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';
const AUTHORIZED_KEY_SECRET = `${SECRETS}access-key-rotator/yandex-authorized-key-??????`;
const MUTATING_IAM =
  /^iam:(Create|Update|Delete|Put|Attach|Detach|Add|Remove|Tag|Untag|Set|Upload|Change|Enable|Deactivate|Pass)/;

describe('the rotator permissions', () => {
  it('grants no iam:*, no wildcard action and no NotAction, in any policy', () => {
    const statements = [...identity, ...resourcePolicyStatements(resources)]
      .map(({ statement }) => statement)
      .filter((statement) => statement.Effect === 'Allow');
    const actions = statements.flatMap((statement) => listOf(statement.Action));
    expect(actions.filter((action) => action.startsWith('iam:') && action.includes('*'))).toEqual([]);
    expect(actions.filter((action) => action === '*')).toEqual([]);
    // kms:* for the account root is CDK's key-administration statement; it lives in key policies only.
    const wildcardOutsideKeys = identity
      .flatMap(({ statement }) => listOf(statement.Action))
      .filter((a) => a.endsWith(':*'));
    expect(wildcardOutsideKeys).toEqual([]);
    expect(statements.filter((statement) => statement.NotAction !== undefined)).toEqual([]);
  });

  it('puts Resource "*" only on the actions that have no resource-level permission', () => {
    const onAnyResource = allows
      .filter(({ statement }) => listOf(statement.Resource).includes('*'))
      .flatMap(({ statement }) => listOf(statement.Action));
    expect([...new Set(onAnyResource)].sort()).toEqual(WILDCARD_RESOURCE_ACTIONS);
  });

  it('changes IAM access keys only on users under the configured path, never the rotator itself', () => {
    const mutating = allows.filter(({ statement }) =>
      listOf(statement.Action).some((a) => MUTATING_IAM.test(a)),
    );
    expect(mutating.length).toBeGreaterThan(0);
    for (const { statement, provider } of mutating) {
      expect(provider).toBe('aws');
      expect(listOf(statement.Action).every((a) => /^iam:(Create|Update|Delete)AccessKey$/.test(a))).toBe(
        true,
      );
      expect(listOf(statement.Resource)).toEqual(['arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*']);
    }
  });

  it('scopes Secrets Manager to <prefix>/<provider>/*, plus the authorized-key read for Yandex functions only', () => {
    const secretGrants = allows.filter(({ statement }) =>
      listOf(statement.Action).some((action) => action.startsWith('secretsmanager:')),
    );
    expect(secretGrants.length).toBeGreaterThan(0);
    for (const { roleId, provider, statement } of secretGrants) {
      const grant = { roleId, resources: listOf(statement.Resource) };
      if (grant.resources.includes(AUTHORIZED_KEY_SECRET)) {
        expect({ ...grant, provider, actions: statement.Action }).toEqual({
          ...grant,
          provider: 'yandex',
          actions: 'secretsmanager:GetSecretValue',
        });
        expect(grant.resources).toEqual([AUTHORIZED_KEY_SECRET]);
      } else expect(grant).toEqual({ roleId, resources: [`${SECRETS}access-key-rotator/${provider}/*`] });
    }
  });

  it('lets the secrets key policy name each role that uses the key, only via Secrets Manager on its own secrets', () => {
    const keyId = Stack.of(stack).getLogicalId(stack.secretsKey.node.defaultChild as CfnKey);
    const keyArn = `<${keyId}.Arn>`;
    const users = (grants: { roleId: string; actions: string[] }[]) =>
      Object.fromEntries(grants.map(({ roleId, actions }) => [roleId, [...actions].sort()]));
    const fromRoles = allows
      .filter(({ statement }) => listOf(statement.Resource).includes(keyArn))
      .map(({ roleId, statement }) => ({ roleId, actions: listOf(statement.Action) }));
    const keyPolicy = resourcePolicyStatements(resources).filter(({ resourceId }) => resourceId === keyId);
    // One statement per principal: with aws-iam:minimizePolicies, CDK lists the roles with the same grant in one.
    const perPrincipal = keyPolicy.flatMap(({ statement }) =>
      listOf((statement.Principal as { AWS?: string | string[] }).AWS).map((AWS) => ({
        ...statement,
        Principal: { AWS },
      })),
    );
    const named = perPrincipal.filter((statement) => JSON.stringify(statement.Principal).includes('Role'));

    expect(fromRoles.length).toBeGreaterThan(10);
    const roleOf = (statement: (typeof named)[number]) =>
      /^<(\w+)\.Arn>$/.exec(String((statement.Principal as { AWS: string }).AWS))?.[1] ?? '';
    expect(users(named.map((s) => ({ roleId: roleOf(s), actions: listOf(s.Action) })))).toEqual(
      users(fromRoles),
    );
    for (const statement of named) {
      const provider = identity.find(({ roleId }) => roleId === roleOf(statement))?.provider;
      expect(statement.Condition).toEqual({
        StringEquals: { 'kms:ViaService': 'secretsmanager.<AWS::Region>.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:SecretARN': `${SECRETS}access-key-rotator/${provider}/*` },
      });
    }
    // Besides its users: CDK's administration statement for the account root, and any principal of
    // the account decrypting via Secrets Manager only, each provider's secrets alone (as the
    // aws/secretsmanager key does): each secret's resource policy decides who reads it.
    const others = perPrincipal.filter((statement) => !named.includes(statement));
    expect(
      others.map((statement) => ({
        Sid: (statement as { Sid?: string }).Sid,
        Principal: statement.Principal,
        Action: statement.Action,
        Condition: statement.Condition,
      })),
    ).toEqual([
      {
        Sid: undefined,
        Principal: { AWS: 'arn:<AWS::Partition>:iam::<AWS::AccountId>:root' },
        Action: 'kms:*',
        Condition: undefined,
      },
      ...['aws', 'yandex'].map((provider) => ({
        Sid: `${provider === 'aws' ? 'Aws' : 'Yandex'}SecretsDecryptInTheAccountThroughSecretsManager`,
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.<AWS::Region>.amazonaws.com',
            'kms:CallerAccount': '<AWS::AccountId>',
          },
          StringLike: { 'kms:EncryptionContext:SecretARN': `${SECRETS}access-key-rotator/${provider}/*` },
        },
      })),
    ]);
  });

  it('serves the on-demand endpoint only to SigV4-signed callers (AWS_IAM), never publicly', () => {
    const urls = Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::Url');
    const permissions = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Permission',
    );

    expect(urls.map((url) => url.Properties.AuthType)).toEqual(['AWS_IAM']);
    expect(
      permissions.filter(
        (p) => p.Properties.Principal === '*' || p.Properties.FunctionUrlAuthType === 'NONE',
      ),
    ).toEqual([]);
  });
});
