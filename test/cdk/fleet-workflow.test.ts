/**
 * The synthesized fleet state machine, rendered to plain JSON: its states,
 * Discover, the dry-run choice, the nested Distributed Maps that read their
 * items from and write their results to the work bucket, and Summarize,
 * asserted exactly (the inner Map's item: fleet-start-rotation.test.ts).
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

type MapState = AslState & { ItemProcessor: AslDefinition };

const accountProcessor = (of: AslDefinition = definition) =>
  (of.States.RotateAccounts as MapState).ItemProcessor;

function itemProcessor(of: AslDefinition = definition): AslDefinition {
  return (accountProcessor(of).States.RotateAccountPrincipals as MapState).ItemProcessor;
}

let workBucket: string;

/** A Distributed Map's ItemReader and ResultWriter on the work bucket. */
const s3Io = (key: string, prefix: string) => ({
  ItemReader: {
    Resource: 'arn:<AWS::Partition>:states:::s3:getObject',
    ReaderConfig: { InputType: 'JSON' },
    Parameters: { Bucket: workBucket, 'Key.$': key },
  },
  ResultWriter: {
    Resource: 'arn:<AWS::Partition>:states:::s3:putObject',
    Parameters: { Bucket: workBucket, Prefix: prefix },
  },
});

const expectDistributedStandard = (processor: unknown) =>
  expect((processor as { ProcessorConfig: unknown }).ProcessorConfig).toEqual({
    Mode: 'DISTRIBUTED',
    ExecutionType: 'STANDARD',
  });

const entryOf = (resource: unknown): unknown =>
  synthesized.resources[String(resource).replace(/^<(.+)\.Arn>$/, '$1')]?.Metadata?.['akr:entry'];

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator({
    'akr:fleetMaxConcurrency': 4,
    'akr:fleetAccountConcurrency': 7,
    'akr:fleetToleratedFailurePercentage': 25,
  });
  ({ machine, definition } = renderStateMachine(synthesized.resources, 'aws', 'fleet'));
  workBucket = `<${Object.keys(synthesized.resources).find((id) => id.startsWith('FleetWorkBucket')) ?? ''}>`;
});

describe('fleet state graph', () => {
  it('starts at Discover and has exactly the named states, each Map item states inside its Map', () => {
    const {
      startRotation,
      alreadyStartedToday,
      recordItemFailure,
      rotateAccountPrincipals,
      accountFailed,
      ...top
    } = FLEET_STATE_NAMES;
    expect(definition.StartAt).toBe('Discover');
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(top).sort());
    expect(accountProcessor().StartAt).toBe(rotateAccountPrincipals);
    expect(Object.keys(accountProcessor().States).sort()).toEqual(
      [accountFailed, rotateAccountPrincipals].sort(),
    );
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
      Default: 'RotateAccounts',
    });
    expect(state('FleetDryRunComplete')).toEqual({ Type: 'Succeed', OutputPath: '$.discovery' });
  });

  it('rotates the accounts in a Distributed Map reading accounts.json, results written to the work bucket', () => {
    const { ItemProcessor, ...map } = state('RotateAccounts');
    expect(map).toEqual({
      Type: 'Map',
      ...s3Io('$.discovery.accountsKey', 'fleet-results/accounts'),
      ItemSelector: {
        'account.$': '$$.Map.Item.Value.account',
        'itemsKey.$': '$$.Map.Item.Value.itemsKey',
        'gracePeriodSeconds.$': '$.discovery.gracePeriodSeconds',
        'deletionDelaySeconds.$': '$.discovery.deletionDelaySeconds',
      },
      MaxConcurrency: 7,
      // One account's failure is its own result: it never fails the run.
      ToleratedFailurePercentage: 100,
      ResultPath: '$.results',
      Next: 'Summarize',
    });
    expectDistributedStandard(ItemProcessor);
  });

  it("rotates each account's due principals in a nested Distributed Map, a failed one becoming AccountFailed", () => {
    const { ItemProcessor, ...map } = accountProcessor().States.RotateAccountPrincipals as MapState;
    expect(map).toEqual({
      Type: 'Map',
      ...s3Io('$.itemsKey', 'fleet-results/principals'),
      ItemSelector: {
        'principal.$': '$$.Map.Item.Value.principal',
        'name.$': '$$.Map.Item.Value.name',
        'gracePeriodSeconds.$': '$.gracePeriodSeconds',
        'deletionDelaySeconds.$': '$.deletionDelaySeconds',
      },
      MaxConcurrency: 4,
      ToleratedFailurePercentage: 25,
      ResultPath: '$.run',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'AccountFailed' }],
      End: true,
    });
    expectDistributedStandard(ItemProcessor);
    expect(accountProcessor().States.AccountFailed).toEqual({
      Type: 'Pass',
      Parameters: {
        'account.$': '$.account',
        status: 'FAILED',
        'error.$': '$.failure.Error',
        'cause.$': '$.failure.Cause',
      },
      End: true,
    });
  });

  it('summarizes the discovery and the results as the run output', () => {
    const summarize = state('Summarize');
    expect(summarize).toEqual({
      Type: 'Task',
      Resource: expect.stringMatching(/^<AwsFleetSummarizeFunction\w+\.Arn>$/),
      Parameters: { 'discovery.$': '$.discovery', 'results.$': '$.results' },
      // It reads every account's Map results: its function may take 5 minutes, the state allows 15.
      TimeoutSeconds: 900,
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

  it('defaults to 20 accounts at once, 10 child rotations at once in each and 10 % tolerated failures', () => {
    // Act
    const defaults = renderStateMachine(synthesizeRotator().resources, 'yandex', 'fleet').definition;
    // Assess
    expect(defaults.States.RotateAccounts).toMatchObject({
      MaxConcurrency: 20,
      ToleratedFailurePercentage: 100,
    });
    expect(accountProcessor(defaults).States.RotateAccountPrincipals).toMatchObject({
      MaxConcurrency: 10,
      ToleratedFailurePercentage: 10,
    });
  });
});
