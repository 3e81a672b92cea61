/**
 * The resources the stack composes, with the properties that matter: the
 * secrets key and lock table both providers share, the Lambda defaults, each
 * provider's environment contract, the `akr:entry` and `akr:provider`
 * bindings and the outputs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lambdas/config/environment.ts';
import { REPO_ROOT } from '../../lib/rotator-function.ts';
import {
  providerResources,
  renderIntrinsics,
  resourcesOfType,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

const HANDLERS = [
  'plan',
  'create-key',
  'verify-key',
  'publish',
  'check-old-key-use',
  'retire-old-key',
  'delete-old-key',
  'roll-back',
  'record',
].map((name) => `lambdas/handlers/${name}.ts`);

let synthesized: SynthesizedRotator;
let functions: [string, TemplateResource][];
let keyId: string;
let tableId: string;

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator({
    'akr:gracePeriodDays': 3,
    'akr:optInTag': 'rotate',
    'akr:maxDeferrals': '5',
    'akr:yandexAuthorizedKeySecret': 'ops/yc-rotator-key',
    'akr:yandexVerifyNewKey': 'false',
  });
  functions = resourcesOfType(synthesized.resources, 'AWS::Lambda::Function');
  keyId = resourcesOfType(synthesized.resources, 'AWS::KMS::Key')[0]?.[0] ?? '';
  tableId = resourcesOfType(synthesized.resources, 'AWS::DynamoDB::Table')[0]?.[0] ?? '';
});

describe('AccessKeyRotatorStack', () => {
  it('encrypts secrets with a customer-managed key that rotates', () => {
    expect(synthesized.resources[keyId]?.Properties).toMatchObject({ EnableKeyRotation: true });
  });

  it('keeps the lock table keyed by lockId, on demand, recoverable, expiring and encrypted', () => {
    expect(synthesized.resources[tableId]?.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it.each(['aws', 'yandex'] as const)(
    'binds one %s function to each handler through akr:entry',
    (provider) => {
      const entries = providerResources(synthesized.resources, 'AWS::Lambda::Function', provider).map(
        ([, fn]) => fn.Metadata?.['akr:entry'],
      );
      expect(entries.sort()).toEqual([...HANDLERS].sort());
      for (const entry of entries)
        expect(existsSync(resolve(REPO_ROOT, String(entry))), String(entry)).toBe(true);
    },
  );

  it('names the provider of every function', () => {
    const providers = functions.map(([, fn]) => fn.Metadata?.['akr:provider']);
    expect(providers.sort()).toEqual([...Array(9).fill('aws'), ...Array(9).fill('yandex')]);
  });

  it('runs every function on nodejs24.x, arm64, traced, 30 s, 256 MB, logging to its own log group', () => {
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: 30,
        MemorySize: 256,
        Handler: 'index.handler',
      });
      const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(synthesized.resources[logGroupId]?.Properties.RetentionInDays, id).toBe(90);
    }
    const logGroups = functions.map(([, fn]) => JSON.stringify(fn.Properties.LoggingConfig));
    expect(new Set(logGroups).size).toBe(functions.length);
  });

  const sharedEnvironment = () => ({
    [ENV.secretNamePrefix]: 'access-key-rotator',
    [ENV.secretsKmsKeyId]: `<${keyId}>`,
    [ENV.lockTableName]: `<${tableId}>`,
    [ENV.defaultGracePeriodSeconds]: String(3 * 86_400),
    [ENV.defaultDeletionDelaySeconds]: String(7 * 86_400),
    [ENV.oldKeyInUsePolicy]: 'defer',
    [ENV.maxDeferrals]: '5',
    POWERTOOLS_SERVICE_NAME: 'access-key-rotator',
    NODE_OPTIONS: '--enable-source-maps',
  });

  it('gives every AWS function the same environment, from context and the stack resources', () => {
    for (const [id, fn] of providerResources(synthesized.resources, 'AWS::Lambda::Function', 'aws')) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(renderIntrinsics(Variables), id).toEqual({
        ...sharedEnvironment(),
        [ENV.provider]: 'aws',
        [ENV.userPath]: '/',
        [ENV.optInTag]: 'rotate',
      });
    }
  });

  it('gives every Yandex function the same environment: the authorized key, no user path or opt-in tag', () => {
    for (const [id, fn] of providerResources(synthesized.resources, 'AWS::Lambda::Function', 'yandex')) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(renderIntrinsics(Variables), id).toEqual({
        ...sharedEnvironment(),
        [ENV.provider]: 'yandex',
        [ENV.userPath]: '/',
        [ENV.optInTag]: '',
        [ENV.yandexAuthorizedKeySecret]: 'ops/yc-rotator-key',
        [ENV.verifyNewKey]: 'false',
      });
    }
  });

  it('outputs both state machine ARNs, the secrets key ARN and the lock table name', () => {
    const { stack } = synthesized;
    const [aws] = providerResources(synthesized.resources, 'AWS::StepFunctions::StateMachine', 'aws');
    const [yandex] = providerResources(synthesized.resources, 'AWS::StepFunctions::StateMachine', 'yandex');
    expect(renderIntrinsics(synthesized.outputs)).toEqual({
      AwsStateMachineArn: { Value: `<${aws?.[0]}>` },
      YandexStateMachineArn: { Value: `<${yandex?.[0]}>` },
      SecretsKmsKeyArn: { Value: `<${keyId}.Arn>` },
      LockTableName: { Value: `<${tableId}>` },
    });
    expect(aws?.[0]).toMatch(/^WorkflowStateMachine\w+$/);
    expect(stack.resolve(stack.rotator('yandex').stateMachineArn)).toEqual({ Ref: yandex?.[0] });
    expect(stack.resolve(stack.lockTableName)).toEqual({ Ref: tableId });
    expect(stack.resolve(stack.secretsKmsKeyArn)).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});
