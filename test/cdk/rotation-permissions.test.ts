/**
 * Least privilege of the AWS functions, read from the synthesized policies:
 * each step's role, and the operator re-activation's, holds exactly the
 * actions its rule uses, scoped to the users under the configured path (opt-in
 * tag required for key changes), the secrets under `<prefix>/aws/`, the
 * secrets key and the lock table. (Yandex: yandex-permissions.test.ts; the
 * operator action in depth: operator-actions.test.ts; the wildcard check below
 * covers every policy.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arnOf,
  canonicalStatements,
  providerResources,
  renderIntrinsics,
  resourcesOfType,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, string>>;
}

const USERS = 'arn:<AWS::Partition>:iam::<AWS::AccountId>:user/rotated/*';
const SECRETS = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:team-keys/aws/*';
const TAG_CONDITION = { StringEquals: { 'iam:ResourceTag/rotate': 'yes' } };
const MUTATING = new Set(['iam:CreateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteAccessKey']);
/** Actions without resource-level permissions (`*` is their only form): tracing, log delivery, the user inventory. */
// biome-ignore format: grouped by service
const RESOURCELESS = new Set([
  'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
  'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
  'iam:GetAccountAuthorizationDetails',
]);
const EVERY_FUNCTION = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
];

/** The steps that send rotation events: the topic (SSE needs the topic key) and the default bus. */
const NOTIFY = ['sns:Publish', 'kms:GenerateDataKey', 'kms:Decrypt', 'events:PutEvents'];
/** Record alone archives the evidence record: one PutObject under evidence/, and the bucket key's data key. */
const ARCHIVE = ['s3:PutObject', 'kms:GenerateDataKey'];

/** What each function may do beyond tracing and its own logs; written out, not derived from lib/. */
// biome-ignore format: grouped by service
const EXPECTED_ACTIONS: Record<string, string[]> = {
  'plan.ts': ['iam:GetUser', 'iam:ListUserTags', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed', 'secretsmanager:DescribeSecret',
    'secretsmanager:GetSecretValue', 'kms:Decrypt', 'dynamodb:GetItem', 'dynamodb:PutItem'],
  'create-key.ts': ['iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:DeleteAccessKey',
    'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret',
    'secretsmanager:PutResourcePolicy', 'secretsmanager:PutSecretValue', 'secretsmanager:TagResource',
    'kms:GenerateDataKey', 'kms:Decrypt'],
  'verify-key.ts': ['secretsmanager:GetSecretValue', 'kms:Decrypt'],
  'publish.ts': ['secretsmanager:DescribeSecret', 'secretsmanager:UpdateSecretVersionStage',
    'secretsmanager:TagResource', 'secretsmanager:UpdateSecret', ...NOTIFY],
  'check-old-key-use.ts': ['iam:GetAccessKeyLastUsed', ...NOTIFY],
  'retire-old-key.ts': ['iam:ListAccessKeys', 'iam:UpdateAccessKey', 'secretsmanager:DescribeSecret',
    'secretsmanager:GetSecretValue', 'kms:Decrypt'],
  'delete-old-key.ts': ['iam:ListAccessKeys', 'iam:DeleteAccessKey', 'secretsmanager:DescribeSecret',
    'secretsmanager:GetSecretValue', 'secretsmanager:UpdateSecretVersionStage', 'kms:Decrypt'],
  'roll-back.ts': ['iam:ListAccessKeys', 'iam:DeleteAccessKey', 'secretsmanager:DescribeSecret',
    'secretsmanager:GetSecretValue', 'secretsmanager:UpdateSecretVersionStage', 'kms:Decrypt', 'dynamodb:DeleteItem'],
  'record.ts': ['dynamodb:DeleteItem', ...NOTIFY, ...ARCHIVE],
  // The operator's rollback (no workflow state): re-activates the old key and releases the lock, never touches the secret.
  'reactivate-old-key.ts': ['iam:ListAccessKeys', 'iam:UpdateAccessKey', 'dynamodb:DeleteItem',
    'states:DescribeExecution', 'states:GetExecutionHistory'],
  // The leak response starts emergency rotations, and nothing else: Plan finds the key's owner.
  'leak-response.ts': ['states:StartExecution'],
};
const NOTIFYING = new Set(['publish.ts', 'check-old-key-use.ts', 'record.ts']);

let resources: Readonly<Record<string, TemplateResource>>;
/** Handler file name → the statements of its role. */
const statementsByHandler = new Map<string, Statement[]>();
const roleByHandler = new Map<string, string>();

const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

beforeAll(() => {
  // Prepare
  ({ resources } = synthesizeRotator({
    'akr:userPath': '/rotated/',
    'akr:optInTag': 'rotate=yes',
    'akr:secretNamePrefix': 'team-keys',
  }));
  const policies = resourcesOfType(resources, 'AWS::IAM::Policy').map(([, policy]) => policy);
  for (const [, fn] of providerResources(resources, 'AWS::Lambda::Function', 'aws')) {
    const handler = String(fn.Metadata?.['akr:entry']).replace('lambdas/handlers/', '');
    // The fleet's functions share the provider metadata; fleet-permissions.test.ts covers them.
    if (handler.startsWith('fleet-')) continue;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policy = policies.find(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    const document = renderIntrinsics(policy?.Properties.PolicyDocument) as { Statement: Statement[] };
    statementsByHandler.set(handler, canonicalStatements(document.Statement) as Statement[]);
    roleByHandler.set(handler, roleId);
  }
});

describe('rotation function permissions', () => {
  it('gives every step, the operator re-activation and the leak response its own role', () => {
    expect([...roleByHandler.keys()].sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
    // 9 rotation steps, reactivate-old-key.ts and leak-response.ts.
    expect(new Set(roleByHandler.values()).size).toBe(11);
  });

  it.each(Object.keys(EXPECTED_ACTIONS))('%s holds exactly the actions its rule uses', (handler) => {
    const actions = (statementsByHandler.get(handler) ?? []).flatMap(actionsOf);
    expect(actions.sort()).toEqual([...EVERY_FUNCTION, ...(EXPECTED_ACTIONS[handler] ?? [])].sort());
  });

  it('scopes IAM actions to users under the path, and key changes to opted-in users', () => {
    for (const [handler, statements] of statementsByHandler) {
      for (const statement of statements.filter((s) => actionsOf(s).some((a) => a.startsWith('iam:')))) {
        expect(statement.Resource, handler).toBe(USERS);
        const mutates = actionsOf(statement).some((action) => MUTATING.has(action));
        expect(
          actionsOf(statement).every((action) => MUTATING.has(action)),
          handler,
        ).toBe(mutates);
        expect(statement.Condition, handler).toEqual(mutates ? TAG_CONDITION : undefined);
      }
    }
  });

  it('scopes secret actions to the prefix, KMS to the secrets key (or the topic key to notify) and DynamoDB to the lock table', () => {
    const keyIds = resourcesOfType(resources, 'AWS::KMS::Key').map(([id]) => id);
    const secretsKey = arnOf(keyIds.find((id) => id.startsWith('SecretsKey')) ?? '');
    const topicKey = arnOf(keyIds.find((id) => id.startsWith('NotificationsTopicKey')) ?? '');
    const evidenceKey = arnOf(keyIds.find((id) => id.startsWith('EvidenceArchiveKey')) ?? '');
    const [tableId] = resourcesOfType(resources, 'AWS::DynamoDB::Table')[0] ?? [];
    for (const [handler, statements] of statementsByHandler) {
      for (const statement of statements) {
        const [service] = actionsOf(statement)[0]?.split(':') ?? [];
        if (service === 'secretsmanager') expect(statement.Resource).toBe(SECRETS);
        if (service === 'kms') {
          const keys = NOTIFYING.has(handler) ? [secretsKey, topicKey] : [secretsKey];
          if (handler === 'record.ts') keys.push(evidenceKey);
          expect(keys, handler).toContain(statement.Resource);
        }
        if (service === 'dynamodb') expect(statement.Resource).toEqual(arnOf(String(tableId)));
      }
    }
  });

  it('never grants a wildcard action, nor a wildcard resource except to tracing and log delivery', () => {
    for (const [, policy] of resourcesOfType(resources, 'AWS::IAM::Policy')) {
      const { Statement } = renderIntrinsics(policy.Properties.PolicyDocument) as { Statement: Statement[] };
      for (const statement of Statement) {
        for (const action of actionsOf(statement)) expect(action).not.toContain('*');
        if ([statement.Resource].flat().includes('*')) {
          expect(actionsOf(statement).filter((action) => !RESOURCELESS.has(action))).toEqual([]);
        }
      }
    }
  });
});
