/**
 * The synthesized fleet state machine, rendered to plain JSON: its states,
 * Discover, the dry-run choice, the Distributed Map and Summarize, asserted
 * exactly (the Map's item: fleet-start-rotation.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FLEET_STATE_NAMES } from '../../lib/fleet/fleet-state-names.ts';
import { STANDARD_RETRY } from './expected-retries.ts';
import {
  type AslDefinition,
  type AslState,
  renderStateMachine,
  type SynthesizedRotator,
  synthesizeRotator,
  type TemplateResource,
} from './synthesized-rotator.ts';

let synthesized: SynthesizedRotator;
let machine: TemplateResource;
let definition: AslDefinition;

function state(name: string): AslState {
  const found = definition.States[name];
  if (!found) throw new Error(`No state ${name}`);
  return found;
}

function itemProcessor(of: AslDefinition = definition): AslDefinition {
  return (of.States.RotateEach as AslState & { ItemProcessor: AslDefinition }).ItemProcessor;
}

const entryOf = (resource: unknown): unknown =>
  synthesized.resources[String(resource).replace(/^<(.+)\.Arn>$/, '$1')]?.Metadata?.['akr:entry'];

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator({
    'akr:fleetMaxConcurrency': 4,
    'akr:fleetToleratedFailurePercentage': 25,
  });
  ({ machine, definition } = renderStateMachine(synthesized.resources, 'aws', 'fleet'));
});

describe('fleet state graph', () => {
  it('starts at Discover and has exactly the named states, the Map item states inside the Map', () => {
    const { startRotation, alreadyStartedToday, recordItemFailure, ...top } = FLEET_STATE_NAMES;
    expect(definition.StartAt).toBe('Discover');
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(top).sort());
    expect(itemProcessor().StartAt).toBe(startRotation);
    expect(Object.keys(itemProcessor().States).sort()).toEqual(
      [startRotation, alreadyStartedToday, recordItemFailure].sort(),
    );
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(definition.TimeoutSeconds).toBeUndefined();
  });

  it('discovers with the raw input and execution fields, for up to 900 s, retrying like the rotation', () => {
    expect(state('Discover')).toEqual({
      Type: 'Task',
      Resource: expect.stringMatching(/^<AwsFleetDiscoverFunction\w+\.Arn>$/),
      Parameters: {
        'input.$': '$$.Execution.Input',
        'executionArn.$': '$$.Execution.Id',
        'startedAt.$': '$$.Execution.StartTime',
      },
      ResultPath: '$.discovery',
      TimeoutSeconds: 900,
      Retry: STANDARD_RETRY,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'DiscoveryFailed' }],
      Next: 'IsFleetDryRun',
    });
    expect(state('DiscoveryFailed')).toEqual({
      Type: 'Fail',
      ErrorPath: '$.failure.Error',
      CausePath: '$.failure.Cause',
    });
    expect(entryOf(state('Discover').Resource)).toBe('lambdas/handlers/fleet-discover.ts');
  });

  it('stops a dry run with the discovery as output', () => {
    expect(state('IsFleetDryRun')).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.discovery.dryRun', BooleanEquals: true, Next: 'FleetDryRunComplete' }],
      Default: 'RotateEach',
    });
    expect(state('FleetDryRunComplete')).toEqual({ Type: 'Succeed', OutputPath: '$.discovery' });
  });

  it('rotates each due principal in a Distributed Map of Standard child workflows, bounded by context', () => {
    const { ItemProcessor, ...map } = state('RotateEach');
    expect(map).toEqual({
      Type: 'Map',
      ItemsPath: '$.discovery.due',
      ItemSelector: {
        'principal.$': '$$.Map.Item.Value',
        'name.$': "States.Format('{}-{}', $$.Map.Item.Value, $.discovery.runDate)",
        'gracePeriodSeconds.$': '$.discovery.gracePeriodSeconds',
        'deletionDelaySeconds.$': '$.discovery.deletionDelaySeconds',
      },
      MaxConcurrency: 4,
      ToleratedFailurePercentage: 25,
      ResultPath: '$.results',
      Next: 'Summarize',
    });
    expect((ItemProcessor as { ProcessorConfig: unknown }).ProcessorConfig).toEqual({
      Mode: 'DISTRIBUTED',
      ExecutionType: 'STANDARD',
    });
  });

  it('summarizes the discovery and the results as the run output', () => {
    const summarize = state('Summarize');
    expect(summarize).toEqual({
      Type: 'Task',
      Resource: expect.stringMatching(/^<AwsFleetSummarizeFunction\w+\.Arn>$/),
      Parameters: { 'discovery.$': '$.discovery', 'results.$': '$.results' },
      Retry: STANDARD_RETRY,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'SummaryFailed' }],
      End: true,
    });
    expect(state('SummaryFailed')).toEqual({
      Type: 'Fail',
      ErrorPath: '$.failure.Error',
      CausePath: '$.failure.Cause',
    });
    // ASL's default ResultPath is `$` (replace). Written out, aws-local-stepfunctions would merge instead.
    expect(summarize).not.toHaveProperty('ResultPath');
    expect(entryOf(summarize.Resource)).toBe('lambdas/handlers/fleet-summarize.ts');
  });
});

describe('fleet state machine', () => {
  it('is Standard, traced, logs without execution data, and is marked as the AWS fleet', () => {
    expect(machine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
    expect(machine.Metadata).toEqual({ 'akr:provider': 'aws', 'akr:workflow': 'fleet' });
    const rotation = renderStateMachine(synthesized.resources, 'aws', 'rotation').machine;
    expect(rotation.Metadata).toEqual({ 'akr:provider': 'aws', 'akr:workflow': 'rotation' });
  });

  it('defaults to 10 child rotations at once and 10 % tolerated failures', () => {
    // Act
    const defaults = renderStateMachine(synthesizeRotator().resources, 'yandex', 'fleet').definition;
    // Assess
    expect(defaults.States.RotateEach).toMatchObject({ MaxConcurrency: 10, ToleratedFailurePercentage: 10 });
  });
});
