/**
 * Reads the deployed state machines' executions for the report:
 * ListExecutions, then GetExecutionHistory of each execution in the period,
 * both paginated to the end. Throttle-safe twice over: the client retries
 * throttling itself (THROTTLE_SAFE), and a short pause between pages keeps a
 * long read under the APIs' refill rates instead of leaning on retries.
 * Executions are read one at a time, with progress on stderr.
 */

import type { HistoryEvent as SfnHistoryEvent } from '@aws-sdk/client-sfn';
import {
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { ExecutionHistory } from '../../evidence/model/execution-history.ts';
import { counted } from '../../evidence/model/plural.ts';
import { toHistoryEvents } from '../step-functions-history.ts';

export interface RemoteReadOptions {
  readonly stateMachineArns: readonly string[];
  readonly since: Date;
  /** Pause between pages, in milliseconds. @default 200 */
  readonly pauseMs?: number;
  readonly onProgress?: (text: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parse(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/** What toHistoryEvents leaves out and the evidence needs: the input, and why a stopped execution stopped. */
function endOf(events: readonly SfnHistoryEvent[]) {
  const started = events.find((event) => event.executionStartedEventDetails);
  const ended = events.findLast(
    (event) =>
      event.executionFailedEventDetails ??
      event.executionAbortedEventDetails ??
      event.executionTimedOutEventDetails,
  );
  const details =
    ended?.executionFailedEventDetails ??
    ended?.executionAbortedEventDetails ??
    ended?.executionTimedOutEventDetails;
  return {
    input: parse(started?.executionStartedEventDetails?.input),
    error: details?.error,
    cause: details?.cause,
  };
}

async function historyOf(
  client: SFNClient,
  executionArn: string,
  pauseMs: number,
): Promise<SfnHistoryEvent[]> {
  const events: SfnHistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 1000,
        includeExecutionData: true,
        nextToken,
      }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
    if (nextToken) await sleep(pauseMs);
  } while (nextToken);
  return events;
}

async function listInPeriod(client: SFNClient, stateMachineArn: string, options: RemoteReadOptions) {
  const found = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 100, nextToken }),
    );
    // Still running, or stopped within the period: a rotation that began before `since` may end inside it.
    found.push(
      ...(page.executions ?? []).filter(
        (e) => !e.stopDate || e.stopDate.getTime() >= options.since.getTime(),
      ),
    );
    nextToken = page.nextToken;
    if (nextToken) await sleep(options.pauseMs ?? 200);
  } while (nextToken);
  return found;
}

export async function readRemoteHistories(
  client: SFNClient,
  options: RemoteReadOptions,
): Promise<ExecutionHistory[]> {
  const histories: ExecutionHistory[] = [];
  for (const stateMachineArn of options.stateMachineArns) {
    const executions = await listInPeriod(client, stateMachineArn, options);
    options.onProgress?.(`${stateMachineArn}: ${counted(executions.length, 'execution')} in the period`);
    for (const [index, execution] of executions.entries()) {
      const executionArn = String(execution.executionArn);
      const raw = await historyOf(client, executionArn, options.pauseMs ?? 200);
      const { input, error, cause } = endOf(raw);
      histories.push({
        name: String(execution.name),
        executionArn,
        stateMachineArn,
        status: String(execution.status),
        startDate: (execution.startDate ?? new Date(0)).toISOString(),
        ...(execution.stopDate && { stopDate: execution.stopDate.toISOString() }),
        input,
        ...(error !== undefined && { error }),
        ...(cause !== undefined && { cause }),
        events: toHistoryEvents(raw),
      });
      if ((index + 1) % 25 === 0 || index + 1 === executions.length)
        options.onProgress?.(`  read ${index + 1}/${counted(executions.length, 'history', 'histories')}`);
      await sleep(options.pauseMs ?? 200);
    }
  }
  return histories;
}

/**
 * When the deployment was created: the oldest `creationDate` of the state
 * machines read (an update keeps it; a new stack has a new one). The schedule
 * owes no run before it (schedule-history.ts).
 */
export async function readDeployedAt(
  client: SFNClient,
  stateMachineArns: readonly string[],
): Promise<Date | undefined> {
  const created: number[] = [];
  for (const stateMachineArn of stateMachineArns) {
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn }));
    if (described.creationDate) created.push(described.creationDate.getTime());
  }
  return created.length ? new Date(Math.min(...created)) : undefined;
}
