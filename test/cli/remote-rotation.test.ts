import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ExecutionNameTakenError, startRemoteRotation } from '../../cli/remote-rotation.ts';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';

const sfn = mockClient(SFNClient);
const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Rotation';
const executionArn = 'arn:aws:states:eu-west-1:123456789012:execution:Rotation:alice-2026-11-23';

describe('startRemoteRotation', () => {
  beforeEach(() => sfn.reset());

  it('starts the deployed state machine with the deterministic name and the input as JSON', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date('2026-11-23T10:00:00Z') });

    // Act
    const result = await startRemoteRotation(new SFNClient({}), {
      stateMachineArn,
      name: 'alice-2026-11-23',
      input: { principal: 'alice', gracePeriodSeconds: 60 },
      wait: false,
    });

    // Assess
    const call = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(call).toEqual({
      stateMachineArn,
      name: 'alice-2026-11-23',
      input: JSON.stringify({ principal: 'alice', gracePeriodSeconds: 60 }),
    });
    expect(result).toEqual({ executionArn, startDate: '2026-11-23T10:00:00.000Z', status: 'RUNNING' });
  });

  it('says how to start another rotation when the name is already taken', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    const attempt = startRemoteRotation(new SFNClient({}), {
      stateMachineArn,
      name: 'alice-2026-11-23',
      input: { principal: 'alice' },
      wait: false,
    });

    await expect(attempt).rejects.toThrow(ExecutionNameTakenError);
    await expect(attempt).rejects.toThrow(/--name/);
  });

  it('follows the execution to its end, reporting each state once', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn, startDate: new Date() });
    const events = [
      {
        id: 2,
        type: 'TaskStateEntered' as const,
        timestamp: new Date(),
        stateEnteredEventDetails: { name: 'Plan', input: '{}' },
      },
      {
        id: 3,
        type: 'TaskStateExited' as const,
        timestamp: new Date(),
        stateExitedEventDetails: { name: 'Plan', output: '{"plan":{"oldKeyId":"AKIAOLD0000000000000"}}' },
      },
    ];
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({ events: events.slice(0, 1) })
      .resolves({ events });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' })
      .resolves({ status: 'SUCCEEDED', output: '{"status":"SUCCEEDED"}' });
    const seen: HistoryEvent[] = [];

    // Act
    const result = await startRemoteRotation(new SFNClient({}), {
      stateMachineArn,
      name: 'alice-2026-11-23',
      input: { principal: 'alice' },
      wait: true,
      pollSeconds: 0,
      onEvent: (event) => seen.push(event),
    });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ status: 'SUCCEEDED' });
    expect(seen.map((event) => `${event.type}:${event.stateName}`)).toEqual([
      'StateEntered:Plan',
      'StateExited:Plan',
    ]);
    expect(seen[1]?.output).toEqual({ plan: { oldKeyId: 'AKIAOLD0000000000000' } });
  });
});
