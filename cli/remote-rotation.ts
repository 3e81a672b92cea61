/**
 * Starts a rotation on the deployed state machine and, when asked, follows it
 * to the end, printing each step from the execution history.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../evidence/model/execution-history.ts';
import type { RotationStartInput } from '../lambdas/http/rotation-starter.ts';
import { toHistoryEvents } from './step-functions-history.ts';

export interface RemoteRotationRequest {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: RotationStartInput;
  readonly wait: boolean;
  readonly pollSeconds?: number;
  readonly onEvent?: (event: HistoryEvent) => void;
}

export interface RemoteRotationResult {
  readonly executionArn: string;
  readonly startDate: string;
  readonly status: string;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

export class ExecutionNameTakenError extends Error {
  override readonly name = 'ExecutionNameTakenError';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startRemoteRotation(
  client: SFNClient,
  request: RemoteRotationRequest,
): Promise<RemoteRotationResult> {
  let started: { executionArn?: string; startDate?: Date };
  try {
    started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: request.stateMachineArn,
        name: request.name,
        input: JSON.stringify(request.input),
      }),
    );
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) {
      throw new ExecutionNameTakenError(
        `An execution named ${request.name} already exists with other input; pass --name to start another rotation`,
      );
    }
    throw error;
  }
  const executionArn = String(started.executionArn);
  const startDate = (started.startDate ?? new Date()).toISOString();
  if (!request.wait) return { executionArn, startDate, status: 'RUNNING' };
  return follow(client, executionArn, startDate, request);
}

async function follow(
  client: SFNClient,
  executionArn: string,
  startDate: string,
  request: RemoteRotationRequest,
): Promise<RemoteRotationResult> {
  const seen = new Set<number>();
  for (;;) {
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
      );
      const fresh = (page.events ?? []).filter((event) => event.id !== undefined && !seen.has(event.id));
      for (const event of fresh) if (event.id !== undefined) seen.add(event.id);
      for (const event of toHistoryEvents(fresh)) request.onEvent?.(event);
      nextToken = page.nextToken;
    } while (nextToken);
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') {
      return {
        executionArn,
        startDate,
        status: String(execution.status),
        output: execution.output ? JSON.parse(execution.output) : undefined,
        error: execution.error,
        cause: execution.cause,
      };
    }
    await sleep((request.pollSeconds ?? 5) * 1000);
  }
}
