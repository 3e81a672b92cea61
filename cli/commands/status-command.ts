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
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';
import { type CliOutput, reportError } from '../cli-output.ts';
import { type ExecutionPosition, executionPosition } from '../execution-status.ts';
import { toHistoryEvents } from '../step-functions-history.ts';

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
}

function processAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function localInFlight(stateDir: string): InFlight[] {
  return new ExecutionHistoryStore(stateDir)
    .list()
    .filter((record) => record.status === 'RUNNING')
    .map((record) => ({
      name: record.name,
      executionArn: record.executionArn,
      startDate: record.startDate,
      ...executionPosition(record.events, record.input),
      interrupted: !processAlive(record.runnerPid),
    }));
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
    const stateMachineArn = options.stateMachineArn ?? process.env.AKR_STATE_MACHINE_ARN;
    if (!options.local && !stateMachineArn) {
      throw new Error('--state-machine-arn (or AKR_STATE_MACHINE_ARN) is required without --local');
    }
    const all = options.local
      ? localInFlight(options.stateDir)
      : await remoteInFlight(
          new SFNClient({ requestHandler: boundedRequestHandler() }),
          String(stateMachineArn),
        );
    const inFlight = all.filter((entry) => !options.principal || entry.principal === options.principal);
    if (options.json) {
      output.line(JSON.stringify({ inFlight }, null, 2));
      return 0;
    }
    if (inFlight.length === 0)
      output.line(`No rotation in flight${options.principal ? ` for ${options.principal}` : ''}.`);
    for (const entry of inFlight) {
      const wait = entry.waitEndsAt ? `, waiting until ${entry.waitEndsAt}` : '';
      const gone = entry.interrupted ? ' (interrupted: its local runner has ended)' : '';
      output.line(
        `${entry.provider ?? '?'}/${entry.principal ?? '?'}  ${entry.name}  in ${entry.currentState ?? 'starting'}${wait}${gone}`,
      );
    }
    return 0;
  } catch (error) {
    return reportError(output, error, Boolean(options.json));
  }
}
