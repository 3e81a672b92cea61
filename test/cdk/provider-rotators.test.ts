/**
 * One ProviderRotator per provider: the AWS and Yandex state machines are the
 * same graph (states, retries, catches, waits) over different functions, each
 * marked with `akr:provider`; the provider list decides which are deployed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { AccessKeyRotatorStack } from '../../lib/access-key-rotator-stack.ts';
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

/** The definition with each task's `<LogicalId.Arn>` replaced by `<entry>` of the function it names. */
function normalisedDefinition(resources: Readonly<Record<string, TemplateResource>>, provider: Provider) {
  const { definition } = renderStateMachine(resources, provider);
  const text = JSON.stringify(definition).replace(/<([A-Za-z0-9]+)\.Arn>/g, (_, logicalId: string) => {
    const fn = resources[logicalId];
    expect(fn?.Metadata?.['akr:provider'], `${provider} task calls ${logicalId}`).toBe(provider);
    return `<${String(fn?.Metadata?.['akr:entry'])}>`;
  });
  return JSON.parse(text) as unknown;
}

const stateMachineIds = (rotator: SynthesizedRotator): string[] =>
  resourcesOfType(rotator.resources, 'AWS::StepFunctions::StateMachine').map(([id]) => id);

beforeAll(() => {
  // Prepare
  both = synthesizeRotator();
});

describe('provider rotators', () => {
  it('deploys one state machine per provider, each marked with akr:provider', () => {
    const machines = resourcesOfType(both.resources, 'AWS::StepFunctions::StateMachine');
    expect(machines.map(([, machine]) => machine.Metadata?.['akr:provider']).sort()).toEqual([
      'aws',
      'yandex',
    ]);
    expect(both.stack.rotator('aws').provider).toBe('aws');
    expect(both.stack.rotator('yandex').provider).toBe('yandex');
  });

  it('builds the same definition for both, binding each task to the same handler of its own provider', () => {
    const aws = normalisedDefinition(both.resources, 'aws');
    const yandex = normalisedDefinition(both.resources, 'yandex');
    expect(yandex).toEqual(aws);
    // Guards against a vacuous comparison: the raw definitions differ, in their function ARNs only.
    const raw = (provider: Provider) =>
      JSON.stringify(renderStateMachine(both.resources, provider).definition);
    expect(raw('yandex')).not.toEqual(raw('aws'));
  });

  it('configures both state machines alike apart from their own role and log group', () => {
    const props = (provider: Provider) => {
      const { machine } = renderStateMachine(both.resources, provider);
      const { DefinitionString, RoleArn, LoggingConfiguration, ...rest } = machine.Properties;
      return rest;
    };
    expect(props('yandex')).toEqual(props('aws'));
    expect(props('aws')).toMatchObject({ StateMachineType: 'STANDARD' });
  });

  it('deploys only AWS when asked, with no Yandex function or output', () => {
    // Act
    const awsOnly = synthesizeRotator({ 'akr:providers': 'aws' });
    // Assess
    expect(stateMachineIds(awsOnly)).toEqual(stateMachineIds(both).filter((id) => !id.startsWith('Yandex')));
    expect(providerResources(awsOnly.resources, 'AWS::Lambda::Function', 'yandex')).toEqual([]);
    expect(providerResources(awsOnly.resources, 'AWS::Lambda::Function', 'aws')).toHaveLength(9);
    expect(Object.keys(awsOnly.outputs).sort()).toEqual([
      'AwsStateMachineArn',
      'LockTableName',
      'SecretsKmsKeyArn',
    ]);
    expect(awsOnly.stack.rotators.yandex).toBeUndefined();
    expect(() => awsOnly.stack.rotator('yandex')).toThrow(/yandex/);
  });

  it('deploys only Yandex when asked, with its state machine ARN as the only one output', () => {
    const yandexOnly = synthesizeRotator({ 'akr:providers': 'yandex' });
    const [machineId] = stateMachineIds(yandexOnly);
    expect(stateMachineIds(yandexOnly)).toHaveLength(1);
    expect(renderIntrinsics(yandexOnly.outputs)).toMatchObject({
      YandexStateMachineArn: { Value: `<${machineId}>` },
    });
    expect(yandexOnly.outputs).not.toHaveProperty('AwsStateMachineArn');
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
