/**
 * The resources the stack composes, with the properties that matter: the
 * secrets key and lock table both providers share, the Lambda defaults, each
 * provider's environment contract (identical for all its functions: rotation,
 * fleet and the operator's re-activation), the `akr:entry` and `akr:provider`
 * bindings and the outputs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ENV } from '../../lambdas/config/account-scope.ts';
import { ENV } from '../../lambdas/config/environment.ts';
import { FLEET_ENV } from '../../lambdas/config/fleet-environment.ts';
import { REPO_ROOT } from '../../lib/platform/rotator-function.ts';
import {
  providerResources,
  renderIntrinsics,
  renderStateMachine,
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
  'reactivate-old-key',
  'fleet-discover',
  'fleet-summarize',
].map((name) => `lambdas/handlers/${name}.ts`);

let synthesized: SynthesizedRotator;
let functions: [string, TemplateResource][];
let keyId: string;
let tableId: string;
let topicId: string;
let bucketId: string;

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator({
    'akr:gracePeriodDays': 3,
    'akr:optInTag': 'rotate',
    'akr:maxDeferrals': '5',
    'akr:yandexAuthorizedKeySecret': 'ops/yc-rotator-key',
    'akr:yandexVerifyNewKey': 'false',
    'akr:maxKeyAgeDays': '60',
    'akr:exemptTag': 'rotation=never',
    'akr:exemptGroups': 'breakglass, ci',
    'akr:yandexServiceAccounts': 'aje1,aje2',
  });
  functions = resourcesOfType(synthesized.resources, 'AWS::Lambda::Function');
  keyId =
    resourcesOfType(synthesized.resources, 'AWS::KMS::Key').find(([id]) =>
      id.startsWith('SecretsKey'),
    )?.[0] ?? '';
  topicId = resourcesOfType(synthesized.resources, 'AWS::SNS::Topic')[0]?.[0] ?? '';
  tableId = resourcesOfType(synthesized.resources, 'AWS::DynamoDB::Table')[0]?.[0] ?? '';
  bucketId =
    resourcesOfType(synthesized.resources, 'AWS::S3::Bucket').find(([id]) =>
      id.startsWith('EvidenceArchiveBucket'),
    )?.[0] ?? '';
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
      // The leak response answers AWS Health events about AWS keys only.
      const expected = provider === 'aws' ? [...HANDLERS, 'lambdas/handlers/leak-response.ts'] : HANDLERS;
      expect(entries.sort()).toEqual([...expected].sort());
      for (const entry of entries)
        expect(existsSync(resolve(REPO_ROOT, String(entry))), String(entry)).toBe(true);
    },
  );

  it('names the provider of every function, the endpoint being provider-neutral', () => {
    const providers = functions.map(([, fn]) => fn.Metadata?.['akr:provider']);
    // Per provider 9 rotation steps, the operator's re-activation and 2 fleet functions; AWS's leak response.
    expect(providers.sort()).toEqual(['any', ...Array(13).fill('aws'), ...Array(12).fill('yandex')]);
    const endpoint = functions.find(([, fn]) => fn.Metadata?.['akr:provider'] === 'any')?.[1];
    expect(endpoint?.Metadata?.['akr:entry']).toBe('lambdas/handlers/http-start-rotation.ts');
  });

  it('runs every function on nodejs24.x, arm64, traced, 30 s (Discover 5 min), 256 MB, logging to its own log group', () => {
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: /fleet-(discover|summarize)\.ts$/.test(String(fn.Metadata?.['akr:entry'])) ? 300 : 30,
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
    [ENV.evidenceBucket]: `<${bucketId}>`,
    [FLEET_ENV.maxKeyAgeDays]: '60',
    [FLEET_ENV.discoveryConcurrency]: '8',
    [FLEET_ENV.notificationTopicArn]: `<${topicId}>`,
    [FLEET_ENV.eventBusName]: 'default',
    POWERTOOLS_SERVICE_NAME: 'access-key-rotator',
  });

  /** The re-activation alone is told its rotation state machine, whose executions it checks requests against. */
  const operatorEnvironment = (fn: TemplateResource, provider: 'aws' | 'yandex') =>
    fn.Metadata?.['akr:operation'] === 'reactivate-old-key'
      ? {
          [ENV.rotationStateMachineArn]: `<${renderStateMachine(synthesized.resources, provider).logicalId}>`,
        }
      : {};

  /** Discover and Summarize alone are told the fleet's work bucket. */
  const fleetEnvironment = (fn: TemplateResource) =>
    /fleet-(discover|summarize)\.ts$/.test(String(fn.Metadata?.['akr:entry']))
      ? { [FLEET_ENV.workBucket]: `<${workBucketId()}>` }
      : {};
  const workBucketId = () =>
    resourcesOfType(synthesized.resources, 'AWS::S3::Bucket').find(([id]) =>
      id.startsWith('FleetWorkBucket'),
    )?.[0];

  it('gives every AWS function, rotation, fleet and operator, the same environment, from context and the stack resources', () => {
    // The leak response has a narrow environment of its own (test/cdk/leak-response.test.ts).
    const aws = providerResources(synthesized.resources, 'AWS::Lambda::Function', 'aws').filter(
      ([, fn]) => fn.Metadata?.['akr:trigger'] === undefined,
    );
    expect(aws.map(([, fn]) => fn.Metadata?.['akr:entry'])).toEqual(
      expect.arrayContaining([
        'lambdas/handlers/fleet-discover.ts',
        'lambdas/handlers/reactivate-old-key.ts',
      ]),
    );
    for (const [id, fn] of aws) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(renderIntrinsics(Variables), id).toEqual({
        ...sharedEnvironment(),
        [ENV.provider]: 'aws',
        [ENV.userPath]: '/',
        [ENV.optInTag]: 'rotate',
        [FLEET_ENV.exemptTag]: 'rotation=never',
        [FLEET_ENV.exemptGroups]: 'breakglass,ci',
        [FLEET_ENV.yandexServiceAccounts]: '',
        // The hub's own id, so `<hub-id>/<user>` names the hub's user; no other account variable in a single-account stack.
        [ACCOUNT_ENV.hubAccountId]: '<AWS::AccountId>',
        ...operatorEnvironment(fn, 'aws'),
        ...fleetEnvironment(fn),
      });
    }
  });

  it('gives every Yandex function the same environment: the service accounts, no IAM scoping, and the authorized key to those that call Yandex', () => {
    const yandex = providerResources(synthesized.resources, 'AWS::Lambda::Function', 'yandex');
    expect(yandex.map(([, fn]) => fn.Metadata?.['akr:entry'])).toEqual(
      expect.arrayContaining([
        'lambdas/handlers/fleet-summarize.ts',
        'lambdas/handlers/reactivate-old-key.ts',
      ]),
    );
    const withoutYandexCalls = new Set([
      'lambdas/handlers/verify-key.ts',
      'lambdas/handlers/publish.ts',
      'lambdas/handlers/record.ts',
      'lambdas/handlers/fleet-summarize.ts',
    ]);
    for (const [id, fn] of yandex) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      const callsYandex = !withoutYandexCalls.has(String(fn.Metadata?.['akr:entry']));
      expect(renderIntrinsics(Variables), id).toEqual({
        ...sharedEnvironment(),
        [ENV.provider]: 'yandex',
        [ENV.userPath]: '/',
        [ENV.optInTag]: '',
        ...(callsYandex && { [ENV.yandexAuthorizedKeySecret]: 'ops/yc-rotator-key' }),
        [ENV.verifyNewKey]: 'false',
        [FLEET_ENV.exemptTag]: '',
        [FLEET_ENV.exemptGroups]: '',
        [FLEET_ENV.yandexServiceAccounts]: 'aje1,aje2',
        ...operatorEnvironment(fn, 'yandex'),
        ...fleetEnvironment(fn),
      });
    }
  });

  it('outputs every state machine ARN, each re-activation function name, the secrets key ARN, the lock table, the topic, the endpoint URL and the evidence bucket', () => {
    const { stack, resources } = synthesized;
    const machine = (provider: 'aws' | 'yandex', workflow: 'rotation' | 'fleet') =>
      renderStateMachine(resources, provider, workflow).logicalId;
    const reactivate = (provider: 'aws' | 'yandex') => {
      const found = providerResources(resources, 'AWS::Lambda::Function', provider).filter(
        ([, fn]) => fn.Metadata?.['akr:operation'] === 'reactivate-old-key',
      );
      expect(found, provider).toHaveLength(1);
      return found[0]?.[0];
    };
    const [urlId] = resourcesOfType(resources, 'AWS::Lambda::Url')[0] ?? [];
    expect(renderIntrinsics(synthesized.outputs)).toEqual({
      AwsStateMachineArn: { Value: `<${machine('aws', 'rotation')}>` },
      AwsFleetStateMachineArn: { Value: `<${machine('aws', 'fleet')}>` },
      YandexStateMachineArn: { Value: `<${machine('yandex', 'rotation')}>` },
      YandexFleetStateMachineArn: { Value: `<${machine('yandex', 'fleet')}>` },
      // Ref of a function is its name, which `akr rollback --reactivate-function` takes.
      AwsReactivateFunctionName: { Value: `<${reactivate('aws')}>` },
      YandexReactivateFunctionName: { Value: `<${reactivate('yandex')}>` },
      SecretsKmsKeyArn: { Value: `<${keyId}.Arn>` },
      LockTableName: { Value: `<${tableId}>` },
      NotificationTopicArn: { Value: `<${topicId}>` },
      RotationEndpointUrl: { Value: `<${urlId}.FunctionUrl>` },
      EvidenceBucketName: { Value: `<${bucketId}>` },
      FleetWorkBucketName: { Value: `<${workBucketId()}>` },
    });
    // Both rotation state machines keep their logical ids: a new one would stop the rotations in flight.
    expect(machine('aws', 'rotation')).toBe('WorkflowStateMachine8F1B1C15');
    expect(machine('yandex', 'rotation')).toBe('YandexWorkflowStateMachine917D6EBD');
    expect(stack.resolve(stack.rotator('yandex').stateMachineArn)).toEqual({
      Ref: machine('yandex', 'rotation'),
    });
    expect(stack.resolve(stack.fleet('aws').stateMachineArn)).toEqual({ Ref: machine('aws', 'fleet') });
    expect(stack.resolve(stack.rotator('yandex').reactivateFunction.functionName)).toEqual({
      Ref: reactivate('yandex'),
    });
    expect(stack.resolve(stack.lockTableName)).toEqual({ Ref: tableId });
    expect(stack.resolve(stack.secretsKmsKeyArn)).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});
