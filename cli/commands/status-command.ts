/**
 * `akr status`: rotations in flight, the step each is in, and when the
 * current wait ends; locally from `.akr/executions/`, or from the deployed
 * state machine's running executions.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { boundedRequestHandler } from '../../lambdas/adapters/aws/bounded-request-handler.ts';
import { type HeldLock, heldLocks } from '../../local/interrupted/held-locks.ts';
import { isInterrupted, principalOf } from '../../local/interrupted/interrupted-executions.ts';
import { type NextCommands, nextCommands } from '../../local/interrupted/next-commands.ts';
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import { type ExecutionPosition, executionPosition } from '../execution-status.ts';
import { deployedStateMachineArn, parsePrincipal, parseStateMachineArn } from '../option-parsers.ts';
import { toHistoryEvents } from '../step-functions-history.ts';

export const ROTATION_ARN_ENV = 'AKR_STATE_MACHINE_ARN';
export const ROTATION_ARN_OUTPUTS = 'AwsStateMachineArn and YandexStateMachineArn';

export interface StatusOptions {
  readonly principal?: string;
  readonly local?: boolean;
  readonly stateMachineArn?: string;
  readonly json?: boolean;
  readonly stateDir: string;
}

export interface InFlight extends ExecutionPosition {
  readonly name: string;
  readonly executionArn: string;
  readonly startDate: string;
  /** Local only: the runner process has ended, so the execution was interrupted and will not go on. */
  readonly interrupted?: boolean;
  /** Local only, for an interrupted execution: the commands that finish or undo it. */
  readonly next?: NextCommands;
}

export function localInFlight(stateDir: string): InFlight[] {
  return new ExecutionHistoryStore(stateDir)
    .list()
    .filter((record) => record.status === 'RUNNING')
    .map((record) => {
      const position = executionPosition(record.events, record.input);
      const interrupted = isInterrupted(record);
      const principal = principalOf(record) ?? position.principal;
      return {
        name: record.name,
        executionArn: record.executionArn,
        startDate: record.startDate,
        ...position,
        interrupted,
        ...(interrupted && {
          next: nextCommands({ name: record.name, principal, provider: position.provider, stateDir }),
        }),
      };
    });
}

/** A lock no running execution holds: its execution ended (status) or is unknown here. */
export interface LockWithoutRun extends HeldLock {
  readonly executionStatus?: string;
}

/** Locks that still refuse new rotations although no execution of theirs is running. */
export function localLocksWithoutRun(stateDir: string, running: readonly InFlight[]): LockWithoutRun[] {
  const runningArns = new Set(running.map((entry) => entry.executionArn));
  const statusOf = new Map(
    new ExecutionHistoryStore(stateDir).list().map((record) => [record.executionArn, record.status]),
  );
  return heldLocks(stateDir)
    .filter((lock) => !runningArns.has(lock.executionArn))
    .map((lock) => ({ ...lock, executionStatus: statusOf.get(lock.executionArn) }));
}

function lockLine(lock: LockWithoutRun): string {
  const ended = lock.executionStatus ? `has ended ${lock.executionStatus}` : 'is not in this state dir';
  return (
    `${lock.provider}/${lock.principal}  lock held by ${lock.rotationId}, whose execution ${ended}; ` +
    `new rotations of ${lock.principal} are refused until its lease ends at ${lock.expiresAt}`
  );
}

export async function remoteInFlight(client: SFNClient, stateMachineArn: string): Promise<InFlight[]> {
  const found: InFlight[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', nextToken }),
    );
    for (const execution of page.executions ?? []) {
      const executionArn = String(execution.executionArn);
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      const history = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
      found.push({
        name: String(execution.name),
        executionArn,
        startDate: (execution.startDate ?? new Date()).toISOString(),
        ...executionPosition(toHistoryEvents(history.events ?? []), JSON.parse(described.input ?? '{}')),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

export async function statusCommand(options: StatusOptions, output: CliOutput): Promise<number> {
  try {
    if (options.principal !== undefined) parsePrincipal(options.principal, undefined);
    if (options.stateMachineArn !== undefined)
      parseStateMachineArn(options.stateMachineArn, '--state-machine-arn');
    const all = options.local
      ? localInFlight(options.stateDir)
      : await remoteInFlight(
          new SFNClient({ requestHandler: boundedRequestHandler() }),
          deployedStateMachineArn(options.stateMachineArn, ROTATION_ARN_ENV, ROTATION_ARN_OUTPUTS),
        );
    const inFlight = all.filter((entry) => !options.principal || entry.principal === options.principal);
    const locksWithoutRun = options.local
      ? localLocksWithoutRun(options.stateDir, all).filter(
          (lock) => !options.principal || lock.principal === options.principal,
        )
      : [];
    if (options.json) {
      output.line(JSON.stringify(options.local ? { inFlight, locksWithoutRun } : { inFlight }, null, 2));
      return 0;
    }
    if (inFlight.length === 0)
      output.line(`No rotation in flight${options.principal ? ` for ${options.principal}` : ''}.`);
    for (const lock of locksWithoutRun) {
      output.line(lockLine(lock));
      output.line(
        `  next: see why it stopped with npx akr evidence --local; check both keys before rotating again`,
      );
    }
    for (const entry of inFlight) {
      const wait = entry.waitEndsAt ? `, waiting until ${entry.waitEndsAt}` : '';
      const gone = entry.interrupted ? ' (interrupted: its local runner has ended; it holds the lock)' : '';
      output.line(
        `${entry.provider ?? '?'}/${entry.principal ?? '?'}  ${entry.name}  in ${entry.currentState ?? 'starting'}${wait}${gone}`,
      );
      if (entry.next) output.line(`  next: ${entry.next.resume}   or undo: ${entry.next.abort}`);
    }
    return 0;
  } catch (error) {
    return reportError(output, error, Boolean(options.json));
  }
}
