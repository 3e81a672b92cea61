/**
 * Runs the synthesized fleet definition with aws-local-stepfunctions (the
 * Distributed Map runs inline there) and stub tasks, to show each item outcome
 * becomes a result without stopping the others, and a dry run rotates nobody.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Json, runWithStubs, type StubHandler, stepError } from './stub-workflow-run.ts';
import { type AslDefinition, renderStateMachine, synthesizeRotator } from './synthesized-rotator.ts';

let definition: AslDefinition;

const discovery = (due: string[], dryRun = false) => ({
  provider: 'aws',
  runDate: '2025-03-01',
  dryRun,
  gracePeriodSeconds: 60,
  deletionDelaySeconds: 120,
  scanned: due.length + 1,
  due,
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
        Discover: () => discovery(['alice'], true),
        StartRotation: (input) => {
          started.push(input);
          return {};
        },
        Summarize: () => ({}),
      },
      { dryRun: true },
    );
    expect(outcome.visited).toEqual(['Discover', 'IsFleetDryRun', 'FleetDryRunComplete']);
    expect(outcome.output).toEqual(discovery(['alice'], true));
    expect(started).toEqual([]);
  });

  it('starts one named rotation per due principal and summarizes every outcome', async () => {
    const started: Json[] = [];
    const startRotation: StubHandler = (input) => {
      started.push(input);
      const { principal } = (input as { Input: { principal: string } }).Input;
      if (principal === 'bob') throw stepError('StepFunctions.ExecutionAlreadyExistsException', 'exists');
      if (principal === 'carol') throw stepError('States.TaskFailed', 'LimitExceeded: two active keys');
      return { Input: { principal }, Status: 'SUCCEEDED', ExecutionArn: `arn:x:${principal}`, Output: {} };
    };
    const outcome = await runWithStubs(definition, {
      Discover: () => discovery(['alice', 'bob', 'carol']),
      StartRotation: startRotation,
      Summarize: (input) => ({ summarized: input }),
    });

    expect(started).toHaveLength(3);
    expect(started[0]).toMatchObject({
      Name: 'alice-2025-03-01',
      Input: { principal: 'alice', gracePeriodSeconds: 60, deletionDelaySeconds: 120 },
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.output).toEqual({
      summarized: {
        discovery: discovery(['alice', 'bob', 'carol']),
        results: [
          { principal: 'alice', status: 'SUCCEEDED', executionArn: 'arn:x:alice' },
          { principal: 'bob', status: 'ALREADY_STARTED' },
          {
            principal: 'carol',
            status: 'FAILED',
            error: 'States.TaskFailed',
            cause: 'LimitExceeded: two active keys',
          },
        ],
      },
    });
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

  it('fails the run with the summary error when Summarize fails after every rotation ended', async () => {
    const outcome = await runWithStubs(definition, {
      Discover: () => discovery(['alice']),
      StartRotation: () => ({
        Input: { principal: 'alice' },
        Status: 'SUCCEEDED',
        ExecutionArn: 'arn:x:alice',
      }),
      Summarize: () => {
        throw stepError('TransientError', 'Summarize could not finish');
      },
    });
    expect(outcome.visited.slice(-2)).toEqual(['Summarize', 'SummaryFailed']);
    expect(outcome.error?.name).toBe('TransientError');
  });
});
