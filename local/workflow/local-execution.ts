/**
 * Runs one execution of the synthesized definition with aws-local-stepfunctions,
 * records its history as Step Functions would keep it, and reports each event
 * as it happens so long waits show progress.
 */
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import type { ExecutionHistoryStore, HistoryEvent, LocalExecutionRecord } from './execution-history-store.ts';
import type { TaskHandlers } from './handler-bindings.ts';
import type { AslDefinition } from './synthesized-workflow.ts';
import { throttledRecordSaver } from './throttled-record-saver.ts';

export interface LocalExecutionRequest {
  readonly definition: AslDefinition;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
  readonly handlers: TaskHandlers;
  readonly history: ExecutionHistoryStore;
  readonly onEvent?: (event: HistoryEvent, record: LocalExecutionRecord) => void;
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
}

type EventLog = AsyncGenerator<Record<string, unknown>>;
type RunInput = Parameters<StateMachine['run']>[0];

/**
 * Definitions already checked by asl-validator. Validation compiles a JSON
 * schema each time (~90 ms), so a fleet that runs its child definition once
 * per principal validates it once, not once per rotation.
 */
const validatedDefinitions = new WeakSet<AslDefinition>();

function stateMachineOf(definition: AslDefinition): StateMachine {
  const asl = definition as ConstructorParameters<typeof StateMachine>[0];
  if (validatedDefinitions.has(definition))
    return new StateMachine(asl, { validationOptions: { noValidate: true } });
  const machine = new StateMachine(asl);
  validatedDefinitions.add(definition);
  return machine;
}

function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

function toHistoryEvent(log: Record<string, unknown>): HistoryEvent {
  const state = log.state as { name?: string; type?: string; input?: unknown; output?: unknown } | undefined;
  const retry = log.retry as { attempt?: number } | undefined;
  return {
    timestamp: new Date(Number(log.timestamp)).toISOString(),
    type: String(log.type),
    ...(state && { stateName: state.name, stateType: state.type, input: state.input, output: state.output }),
    ...(log.type === 'ExecutionStarted' && { input: log.input }),
    ...(log.type === 'ExecutionSucceeded' && { output: log.output }),
    ...(typeof log.Error === 'string' && { error: log.Error }),
    ...(log.Cause !== undefined && {
      cause: typeof log.Cause === 'string' ? log.Cause : JSON.stringify(log.Cause),
    }),
    ...(retry?.attempt !== undefined && { retryAttempt: retry.attempt }),
  };
}

export async function runLocalExecution(request: LocalExecutionRequest): Promise<LocalExecutionRecord> {
  const startDate = new Date().toISOString();
  const record: LocalExecutionRecord = {
    runnerPid: process.pid,
    executionArn: executionArnOf(request.stateMachineArn, request.name),
    stateMachineArn: request.stateMachineArn,
    name: request.name,
    status: 'RUNNING',
    input: request.input,
    startDate,
    events: [],
  };
  request.history.create(record);
  const saver = throttledRecordSaver(request.history, record);

  const machine = stateMachineOf(request.definition);
  const options: RunOptions = {
    overrides: {
      taskResourceLocalHandlers: request.handlers,
      waitTimeOverrides: { ...request.waitTimeOverrides },
      retryIntervalOverrides: { ...request.retryIntervalOverrides },
    },
    context: {
      Execution: {
        Id: record.executionArn,
        Name: request.name,
        StartTime: startDate,
        Input: request.input as RunInput,
      },
      StateMachine: { Id: request.stateMachineArn },
    },
  };
  const execution = machine.run(request.input as RunInput, options);
  // A stop request may come from another process (akr rollback): look for it while the execution runs.
  let stopCause: string | undefined;
  const stopWatch = setInterval(() => {
    stopCause = request.history.stopRequested(request.name);
    if (stopCause !== undefined) execution.abort();
  }, 250);
  // Observe the result now so a failure is never an unhandled rejection while events drain.
  const settled = execution.result.then(
    (output: unknown) => ({ ok: true as const, output }),
    (error: unknown) => ({ ok: false as const, error }),
  );

  for await (const log of execution.eventLogs as unknown as EventLog) {
    const event = toHistoryEvent(log);
    record.events.push(event);
    if (event.type === 'ExecutionFailed') {
      record.error = event.error;
      record.cause = event.cause;
    }
    if (event.type === 'StateEntered' && event.stateType === 'Wait') saver.flush();
    else saver.save();
    request.onEvent?.(event, record);
  }

  const outcome = await settled;
  clearInterval(stopWatch);
  record.stopDate = new Date().toISOString();
  if (stopCause !== undefined) {
    record.status = 'ABORTED';
    record.error = 'ExecutionAborted';
    record.cause = stopCause;
  } else if (outcome.ok) {
    record.status = 'SUCCEEDED';
    record.output = outcome.output;
  } else {
    record.status = 'FAILED';
    record.error ??= outcome.error instanceof Error ? outcome.error.name : 'Error';
    record.cause ??= outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  }
  saver.flush(); // the final record
  return record;
}
