/**
 * Runs the synthesized fleet definition with aws-local-stepfunctions and stub
 * tasks: a dry run rotates nobody, a failed Discover starts nothing, and each
 * principal's item (the inner Map's processor, run as it is synthesized)
 * turns every outcome into a result. The Maps' S3 ItemReader and ResultWriter
 * are the local runner's (local/workflow); the whole run is tested there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Json, runWithStubs, type StubHandler, stepError } from './stub-workflow-run.ts';
import {
  type AslDefinition,
  type AslState,
  renderStateMachine,
  synthesizeRotator,
} from './synthesized-rotator.ts';

let definition: AslDefinition;

const discovery = (dueCount: number, dryRun = false) => ({
  provider: 'aws',
  runDate: '2025-03-01',
  dryRun,
  gracePeriodSeconds: 60,
  deletionDelaySeconds: 120,
  scanned: dueCount + 1,
  dueCount,
  workBucket: 'akr-fleet-work',
  accountsKey: 'fleet/aws/run/accounts.json',
});

type MapState = AslState & { ItemProcessor: AslDefinition };

/**
 * The inner Map's processor: StartRotation and its two catches, exactly as
 * synthesized; only its ProcessorConfig (how the Map runs it) is left out,
 * which a state machine of its own does not take.
 */
const principalItem = (): AslDefinition => {
  const accounts = (definition.States.RotateAccounts as MapState).ItemProcessor;
  const { ProcessorConfig: _config, ...processor } = (accounts.States.RotateAccountPrincipals as MapState)
    .ItemProcessor as AslDefinition & { ProcessorConfig?: unknown };
  return processor;
};

/** One item as the inner Map's ItemSelector builds it from `due/<account>.json`. */
const item = (principal: string) => ({
  principal,
  name: `${principal.replace('/', '_')}-2025-03-01`,
  gracePeriodSeconds: 60,
  deletionDelaySeconds: 120,
});

beforeAll(() => {
  // Prepare: the definition exactly as synthesized; stubs stand in for the functions and child rotations.
  ({ definition } = renderStateMachine(synthesizeRotator().resources, 'aws', 'fleet'));
});

describe('fleet paths', () => {
  it('stops a dry run after Discover, starting nothing, with the discovery as output', async () => {
    const started: Json[] = [];
    const outcome = await runWithStubs(
      definition,
      {
        Discover: () => discovery(1, true),
        StartRotation: (input) => {
          started.push(input);
          return {};
        },
        Summarize: () => ({}),
      },
      { dryRun: true },
    );
    expect(outcome.visited).toEqual(['Discover', 'IsFleetDryRun', 'FleetDryRunComplete']);
    expect(outcome.output).toEqual(discovery(1, true));
    expect(started).toEqual([]);
  });

  it('starts one named rotation per due principal and turns every outcome into its result', async () => {
    const started: Json[] = [];
    const startRotation: StubHandler = (input) => {
      started.push(input);
      const { principal } = (input as { Input: { principal: string } }).Input;
      if (principal === 'bob') throw stepError('StepFunctions.ExecutionAlreadyExistsException', 'exists');
      if (principal.endsWith('/carol'))
        throw stepError('States.TaskFailed', 'LimitExceeded: two active keys');
      return { Input: { principal }, Status: 'SUCCEEDED', ExecutionArn: `arn:x:${principal}`, Output: {} };
    };
    const results: Json[] = [];
    for (const principal of ['alice', 'bob', '111122223333/carol']) {
      const outcome = await runWithStubs(principalItem(), { StartRotation: startRotation }, item(principal));
      expect(outcome.error).toBeUndefined();
      results.push(outcome.output as Json);
    }

    expect(started).toHaveLength(3);
    expect(started[0]).toMatchObject({
      Name: 'alice-2025-03-01',
      Input: { principal: 'alice', gracePeriodSeconds: 60, deletionDelaySeconds: 120 },
    });
    expect(started[2]).toMatchObject({ Name: '111122223333_carol-2025-03-01' });
    expect(results).toEqual([
      { principal: 'alice', status: 'SUCCEEDED', executionArn: 'arn:x:alice' },
      { principal: 'bob', status: 'ALREADY_STARTED' },
      {
        principal: '111122223333/carol',
        status: 'FAILED',
        error: 'States.TaskFailed',
        cause: 'LimitExceeded: two active keys',
      },
    ]);
  });

  it('fails the run when Discover fails, before any rotation starts', async () => {
    const outcome = await runWithStubs(definition, {
      Discover: () => {
        throw stepError('ValidationError', 'maxKeyAgeDays must be a positive integer');
      },
      StartRotation: () => ({}),
      Summarize: () => ({}),
    });
    expect(outcome.visited).toEqual(['Discover', 'DiscoveryFailed']);
    expect(outcome.error?.name).toBe('ValidationError');
  });
});
