/**
 * One ProviderRotator and one ProviderFleet per provider: the AWS and Yandex
 * state machines of each workflow are the same graph (states, retries,
 * catches, waits) over different functions, each marked with `akr:provider`
 * and `akr:workflow`; the provider list decides which are deployed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { AccessKeyRotatorStack } from '../../lib/access-key-rotator-stack.ts';
import type { WorkflowKind } from '../../lib/fleet/fleet-state-names.ts';
import {
  providerResources,
  renderIntrinsics,
  renderStateMachine,
  resourcesOfType,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

let both: SynthesizedRotator;
const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-providers-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * The definition with each task's `<LogicalId.Arn>` replaced by `<entry>` of the function it names,
 * and the fleet's `<LogicalId>` of the rotation state machine it starts by `<rotation>`.
 */
function normalisedDefinition(
  resources: Readonly<Record<string, TemplateResource>>,
  provider: Provider,
  workflow: WorkflowKind = 'rotation',
) {
  const { definition } = renderStateMachine(resources, provider, workflow);
  const rotationId = renderStateMachine(resources, provider, 'rotation').logicalId;
  const text = JSON.stringify(definition)
    .replace(/<([A-Za-z0-9]+)\.Arn>/g, (_, logicalId: string) => {
      const fn = resources[logicalId];
      expect(fn?.Metadata?.['akr:provider'], `${provider} task calls ${logicalId}`).toBe(provider);
      return `<${String(fn?.Metadata?.['akr:entry'])}>`;
    })
    .replaceAll(`<${rotationId}>`, '<rotation>');
  return JSON.parse(text) as unknown;
}

const stateMachineIds = (rotator: SynthesizedRotator): string[] =>
  resourcesOfType(rotator.resources, 'AWS::StepFunctions::StateMachine').map(([id]) => id);

beforeAll(() => {
  // Prepare
  both = synthesizeRotator();
});

describe('provider rotators', () => {
  it('deploys a rotation and a fleet state machine per provider, each marked with akr:provider and akr:workflow', () => {
    const machines = resourcesOfType(both.resources, 'AWS::StepFunctions::StateMachine');
    expect(
      machines
        .map(([, machine]) => `${machine.Metadata?.['akr:provider']}/${machine.Metadata?.['akr:workflow']}`)
        .sort(),
    ).toEqual(['aws/fleet', 'aws/rotation', 'yandex/fleet', 'yandex/rotation']);
    expect(both.stack.rotator('aws').provider).toBe('aws');
    expect(both.stack.fleet('yandex').provider).toBe('yandex');
  });

  it.each(['rotation', 'fleet'] as const)(
    'builds the same %s definition for both, binding each task to the same handler of its own provider',
    (workflow) => {
      const aws = normalisedDefinition(both.resources, 'aws', workflow);
      const yandex = normalisedDefinition(both.resources, 'yandex', workflow);
      expect(yandex).toEqual(aws);
      // Guards against a vacuous comparison: the raw definitions differ, in their function and state machine ARNs only.
      const raw = (provider: Provider) =>
        JSON.stringify(renderStateMachine(both.resources, provider, workflow).definition);
      expect(raw('yandex')).not.toEqual(raw('aws'));
    },
  );

  it.each(['rotation', 'fleet'] as const)(
    'configures both %s state machines alike apart from their own role and log group',
    (workflow) => {
      const props = (provider: Provider) => {
        const { machine } = renderStateMachine(both.resources, provider, workflow);
        const { DefinitionString, RoleArn, LoggingConfiguration, ...rest } = machine.Properties;
        return rest;
      };
      expect(props('yandex')).toEqual(props('aws'));
      expect(props('aws')).toMatchObject({ StateMachineType: 'STANDARD' });
    },
  );

  it('deploys only AWS when asked, with no Yandex function or output, and an endpoint for AWS alone', () => {
    // Act
    const awsOnly = synthesizeRotator({ 'akr:providers': 'aws' });
    // Assess
    expect(stateMachineIds(awsOnly)).toEqual(stateMachineIds(both).filter((id) => !id.startsWith('Yandex')));
    expect(providerResources(awsOnly.resources, 'AWS::Lambda::Function', 'yandex')).toEqual([]);
    // 9 rotation steps, the operator's re-activation, 2 fleet functions and the leak response.
    expect(providerResources(awsOnly.resources, 'AWS::Lambda::Function', 'aws')).toHaveLength(13);
    expect(Object.keys(awsOnly.outputs).sort()).toEqual([
      'AwsFleetStateMachineArn',
      'AwsReactivateFunctionName',
      'AwsStateMachineArn',
      'EvidenceBucketName',
      'FleetWorkBucketName',
      'LockTableName',
      'NotificationTopicArn',
      'RotationEndpointUrl',
      'SecretsKmsKeyArn',
    ]);
    const [, endpoint] = providerResources(awsOnly.resources, 'AWS::Lambda::Function', 'any')[0] ?? [];
    expect(renderIntrinsics(endpoint?.Properties.Environment)).toEqual({
      Variables: {
        AKR_AWS_STATE_MACHINE_ARN: `<${renderStateMachine(awsOnly.resources, 'aws').logicalId}>`,
        POWERTOOLS_SERVICE_NAME: 'access-key-rotator',
        AKR_HUB_ACCOUNT_ID: '<AWS::AccountId>',
      },
    });
    expect(awsOnly.stack.rotators.yandex).toBeUndefined();
    expect(() => awsOnly.stack.rotator('yandex')).toThrow(/yandex/);
    expect(() => awsOnly.stack.fleet('yandex')).toThrow(/yandex/);
  });

  it('deploys only Yandex when asked, with its state machine ARNs and re-activation function as the only ones output', () => {
    const yandexOnly = synthesizeRotator({ 'akr:providers': 'yandex' });
    expect(stateMachineIds(yandexOnly)).toHaveLength(2);
    expect(renderIntrinsics(yandexOnly.outputs)).toMatchObject({
      YandexStateMachineArn: { Value: `<${renderStateMachine(yandexOnly.resources, 'yandex').logicalId}>` },
      YandexFleetStateMachineArn: {
        Value: `<${renderStateMachine(yandexOnly.resources, 'yandex', 'fleet').logicalId}>`,
      },
    });
    expect(yandexOnly.outputs).not.toHaveProperty('AwsStateMachineArn');
    expect(yandexOnly.outputs).not.toHaveProperty('AwsFleetStateMachineArn');
    expect(yandexOnly.outputs).not.toHaveProperty('AwsReactivateFunctionName');
    const reactivate = providerResources(yandexOnly.resources, 'AWS::Lambda::Function', 'yandex').filter(
      ([, fn]) => fn.Metadata?.['akr:operation'] === 'reactivate-old-key',
    );
    expect(reactivate).toHaveLength(1);
    expect(renderIntrinsics(yandexOnly.outputs)).toMatchObject({
      YandexReactivateFunctionName: { Value: `<${reactivate[0]?.[0]}>` },
    });
    expect(providerResources(yandexOnly.resources, 'AWS::Lambda::Function', 'aws')).toEqual([]);
  });

  it.each([
    [[], /providers must name at least one provider/],
    [['aws', 'gcp'], /providers may only name aws, yandex, got "gcp"/],
    [['aws', 'aws'], /providers names "aws" twice/],
  ])('refuses the provider list %j, naming the prop', (providers, message) => {
    const app = new App({ outdir });
    expect(
      () => new AccessKeyRotatorStack(app, 'Refused', { providers: providers as unknown as Provider[] }),
    ).toThrow(message);
  });
});
