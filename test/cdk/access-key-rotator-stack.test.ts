/**
 * The resources the stack composes, with the properties that matter: the
 * secrets key, the lock table, the Lambda defaults, the environment contract,
 * the `akr:entry` binding and the outputs.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lambdas/config/environment.ts';
import { REPO_ROOT } from '../../lib/rotator-function.ts';
import {
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

  it('binds one function to each handler through akr:entry', () => {
    const entries = functions.map(([, fn]) => fn.Metadata?.['akr:entry']);
    expect(entries.sort()).toEqual([...HANDLERS].sort());
    for (const entry of entries)
      expect(existsSync(resolve(REPO_ROOT, String(entry))), String(entry)).toBe(true);
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

  it('gives every function the same environment, from context and the stack resources', () => {
    for (const [id, fn] of functions) {
      const { Variables } = fn.Properties.Environment as { Variables: Record<string, unknown> };
      expect(renderIntrinsics(Variables), id).toEqual({
        [ENV.provider]: 'aws',
        [ENV.secretNamePrefix]: 'access-key-rotator',
        [ENV.secretsKmsKeyId]: `<${keyId}>`,
        [ENV.lockTableName]: `<${tableId}>`,
        [ENV.defaultGracePeriodSeconds]: String(3 * 86_400),
        [ENV.defaultDeletionDelaySeconds]: String(7 * 86_400),
        [ENV.oldKeyInUsePolicy]: 'defer',
        [ENV.maxDeferrals]: '5',
        [ENV.userPath]: '/',
        [ENV.optInTag]: 'rotate',
        POWERTOOLS_SERVICE_NAME: 'access-key-rotator',
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
  });

  it('outputs the state machine ARN, the secrets key ARN and the lock table name', () => {
    const { stack } = synthesized;
    expect(renderIntrinsics(synthesized.outputs)).toEqual({
      StateMachineArn: { Value: expect.stringMatching(/^<WorkflowStateMachine\w+>$/) },
      SecretsKmsKeyArn: { Value: `<${keyId}.Arn>` },
      LockTableName: { Value: `<${tableId}>` },
    });
    expect(stack.resolve(stack.lockTableName)).toEqual({ Ref: tableId });
    expect(stack.resolve(stack.secretsKmsKeyArn)).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});
