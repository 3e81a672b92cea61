/**
 * Least privilege of the Yandex functions, read from the synthesized policies:
 * no AWS IAM action of any kind (Yandex keys change over the Yandex API), the
 * step's secret actions on `<prefix>/yandex/*` only, and one read of the
 * rotator's authorized-key secret, whether it is configured by name or by ARN.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lambdas/config/environment.ts';
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
  readonly Condition?: unknown;
}

const ACCOUNT_SECRETS = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';
const SECRETS = `${ACCOUNT_SECRETS}team-keys/yandex/*`;
const KEY_BY_NAME = `${ACCOUNT_SECRETS}ops/yc-rotator-key-??????`;
const KEY_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ops/yc-rotator-key-AbCdEf';
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
const NOTIFYING = new Set(['publish.ts', 'check-old-key-use.ts', 'record.ts']);
/**
 * The steps that call the Yandex IAM API, and so sign in with the authorized key. VerifyKey signs
 * with the new key itself; Publish and Record only touch Secrets Manager, the lock and notifications.
 */
const CALLS_YANDEX = new Set([
  'plan.ts',
  'create-key.ts',
  'check-old-key-use.ts',
  'retire-old-key.ts',
  'delete-old-key.ts',
  'roll-back.ts',
  'reactivate-old-key.ts',
]);

/** The AWS step table without its IAM actions; written out, not derived from lib/. */
// biome-ignore format: grouped by service
const EXPECTED_ACTIONS: Record<string, string[]> = {
  'plan.ts': ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'dynamodb:GetItem',
    'dynamodb:PutItem'],
  'create-key.ts': ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:CreateSecret',
    'secretsmanager:PutResourcePolicy', 'secretsmanager:PutSecretValue', 'secretsmanager:TagResource',
    'kms:GenerateDataKey', 'kms:Decrypt'],
  'verify-key.ts': ['secretsmanager:GetSecretValue', 'kms:Decrypt'],
  'publish.ts': ['secretsmanager:DescribeSecret', 'secretsmanager:UpdateSecretVersionStage',
    'secretsmanager:TagResource', 'secretsmanager:UpdateSecret', ...NOTIFY],
  'check-old-key-use.ts': [...NOTIFY],
  'retire-old-key.ts': ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'kms:Decrypt'],
  'delete-old-key.ts': ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
    'secretsmanager:UpdateSecretVersionStage', 'kms:Decrypt'],
  'roll-back.ts': ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
    'secretsmanager:UpdateSecretVersionStage', 'kms:Decrypt', 'dynamodb:DeleteItem'],
  'record.ts': ['dynamodb:DeleteItem', ...NOTIFY, ...ARCHIVE],
  // The operator's rollback: it checks the request against the execution, the Yandex API (with the
  // authorized key) re-activates, the lock is released.
  'reactivate-old-key.ts': ['dynamodb:DeleteItem', 'states:DescribeExecution', 'states:GetExecutionHistory'],
};

const actionsOf = (statement: Statement): string[] => [statement.Action].flat();

/** Rotation handler file name → the statements of its Yandex role (fleet-permissions.test.ts covers the fleet's). */
function yandexStatements(
  resources: Readonly<Record<string, TemplateResource>>,
  roles?: Map<string, string>,
): Map<string, Statement[]> {
  const policies = resourcesOfType(resources, 'AWS::IAM::Policy').map(([, policy]) => policy);
  const byHandler = new Map<string, Statement[]>();
  for (const [, fn] of providerResources(resources, 'AWS::Lambda::Function', 'yandex')) {
    const handler = String(fn.Metadata?.['akr:entry']).replace('lambdas/handlers/', '');
    if (handler.startsWith('fleet-')) continue;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    roles?.set(handler, roleId);
    const policy = policies.find(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    const document = renderIntrinsics(policy?.Properties.PolicyDocument) as { Statement: Statement[] };
    byHandler.set(handler, canonicalStatements(document.Statement));
  }
  return byHandler;
}

let resources: Readonly<Record<string, TemplateResource>>;
let statementsByHandler: Map<string, Statement[]>;
const roleByHandler = new Map<string, string>();

beforeAll(() => {
  // Prepare: AWS-only scoping in the context must not leak into Yandex.
  ({ resources } = synthesizeRotator({
    'akr:secretNamePrefix': 'team-keys',
    'akr:userPath': '/rotated/',
    'akr:optInTag': 'rotate=yes',
    'akr:yandexAuthorizedKeySecret': 'ops/yc-rotator-key',
  }));
  statementsByHandler = yandexStatements(resources, roleByHandler);
});

describe('Yandex function permissions', () => {
  it('covers every step, and the operator re-activation, with its own role', () => {
    expect([...statementsByHandler.keys()].sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
    expect(new Set(roleByHandler.values()).size).toBe(10);
  });

  it('grants no IAM action at all, nor any condition on IAM tags', () => {
    for (const [handler, statements] of statementsByHandler) {
      expect(
        statements.flatMap(actionsOf).filter((action) => action.startsWith('iam:')),
        handler,
      ).toEqual([]);
      expect(
        statements.filter((statement) => statement.Condition !== undefined),
        handler,
      ).toEqual([]);
    }
  });

  it.each(Object.keys(EXPECTED_ACTIONS))(
    '%s holds the step actions plus, only if it calls the Yandex API, one read of the authorized key',
    (handler) => {
      const statements = statementsByHandler.get(handler) ?? [];
      const keyReads = statements.filter((statement) => statement.Resource === KEY_BY_NAME);
      expect(keyReads.map(actionsOf)).toEqual(
        CALLS_YANDEX.has(handler) ? [['secretsmanager:GetSecretValue']] : [],
      );
      const actions = statements.filter((statement) => statement.Resource !== KEY_BY_NAME).flatMap(actionsOf);
      expect(actions.sort()).toEqual([...EVERY_FUNCTION, ...(EXPECTED_ACTIONS[handler] ?? [])].sort());
    },
  );

  it('scopes secret actions to <prefix>/yandex/* and the authorized key, KMS and DynamoDB as on AWS', () => {
    const keyIds = resourcesOfType(resources, 'AWS::KMS::Key').map(([id]) => id);
    const secretsKey = arnOf(keyIds.find((id) => id.startsWith('SecretsKey')) ?? '');
    const topicKey = arnOf(keyIds.find((id) => id.startsWith('NotificationsTopicKey')) ?? '');
    const evidenceKey = arnOf(keyIds.find((id) => id.startsWith('EvidenceArchiveKey')) ?? '');
    const [tableId] = resourcesOfType(resources, 'AWS::DynamoDB::Table')[0] ?? [];
    for (const [handler, statements] of statementsByHandler) {
      for (const statement of statements) {
        const [service] = actionsOf(statement)[0]?.split(':') ?? [];
        if (service === 'secretsmanager')
          expect([SECRETS, KEY_BY_NAME], handler).toContain(statement.Resource);
        if (service === 'kms') {
          const keys = NOTIFYING.has(handler) ? [secretsKey, topicKey] : [secretsKey];
          if (handler === 'record.ts') keys.push(evidenceKey);
          expect(keys, handler).toContain(statement.Resource);
        }
        if (service === 'dynamodb') expect(statement.Resource, handler).toEqual(arnOf(String(tableId)));
      }
    }
  });

  it('grants the authorized key by exactly its ARN when configured by ARN', () => {
    // Act
    const byArn = yandexStatements(synthesizeRotator({ 'akr:yandexAuthorizedKeySecret': KEY_ARN }).resources);
    // Assess
    for (const [handler, statements] of byArn) {
      const reads = statements.filter((statement) =>
        actionsOf(statement).includes('secretsmanager:GetSecretValue'),
      );
      const resourcesRead = reads.map((statement) => statement.Resource);
      if (CALLS_YANDEX.has(handler)) expect(resourcesRead, handler).toContain(KEY_ARN);
      else expect(resourcesRead, handler).not.toContain(KEY_ARN);
      expect(JSON.stringify(resourcesRead), handler).not.toContain('yc-rotator-key-??????');
    }
  });

  it('tells only the functions that call the Yandex API where the authorized key is', () => {
    const told = providerResources(resources, 'AWS::Lambda::Function', 'yandex')
      .filter(([, fn]) => {
        const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
        return Variables[ENV.yandexAuthorizedKeySecret] !== undefined;
      })
      .map(([, fn]) => String(fn.Metadata?.['akr:entry']).replace('lambdas/handlers/', ''));
    expect(told.sort()).toEqual([...CALLS_YANDEX, 'fleet-discover.ts'].sort());
  });

  it('runs outside any VPC, so the functions reach Yandex over HTTPS', () => {
    for (const [id, fn] of providerResources(resources, 'AWS::Lambda::Function', 'yandex')) {
      expect(fn.Properties.VpcConfig, id).toBeUndefined();
    }
  });
});
