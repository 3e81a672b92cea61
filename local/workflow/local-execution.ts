/**
 * Runs one execution of the synthesized definition with aws-local-stepfunctions,
 * records its history as Step Functions would keep it, and reports each event
 * as it happens so long waits show progress.
 *
 * A Standard execution outlives any client, so a local one must survive its
 * runner: before each Task runs, the record on disk says so (write-ahead),
 * and an interrupted execution can be continued from the state it was in
 * (`continueLocalExecution`), appending to the same history.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { type DistributedMapPlan, distributedMapPlan } from './distributed-map-states.ts';
import type { ExecutionHistoryStore, LocalExecutionRecord } from './execution-history-store.ts';
import type { TaskHandlers } from './handler-bindings.ts';
import { type ChildRun, runMapRun } from './map-run.ts';
import type { AslDefinition } from './synthesized-workflow.ts';
import { throttledRecordSaver } from './throttled-record-saver.ts';

interface ExecutionRunOptions {
  readonly definition: AslDefinition;
  readonly handlers: TaskHandlers;
  readonly history: ExecutionHistoryStore;
  readonly onEvent?: (event: HistoryEvent, record: LocalExecutionRecord) => void;
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
  /**
   * SIGINT or SIGTERM of the runner: the execution stops where it is and stays
   * RUNNING, marked interrupted, so it can be resumed or aborted.
   */
  readonly interrupt?: AbortSignal;
  /**
   * Where a Distributed Map's ItemReader reads and its ResultWriter writes.
   * @default - none: a Map with either fails naming the missing client
   */
  readonly s3?: S3Client;
}

export interface LocalExecutionRequest extends ExecutionRunOptions {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
}

/** Where a continued execution starts again. */
export interface ContinuationPoint {
  readonly stateName: string;
  readonly input: unknown;
  /** For a Wait: the part of it still to wait, in milliseconds (the rest was waited before). */
  readonly remainingWaitMs?: number;
  /** Written to the history as the reason, e.g. "resumed by the operator". */
  readonly reason: string;
  /**
   * Runs only the state it starts at: the run ends (the record stays RUNNING)
   * on entering a Wait, or when another Task is about to run, which is then
   * held and never started. The caller decides from there what comes next.
   */
  readonly pauseAfterStep?: boolean;
}

export interface ContinuationRequest extends ExecutionRunOptions {
  readonly record: LocalExecutionRecord;
  readonly from: ContinuationPoint;
}

type EventLog = AsyncGenerator<Record<string, unknown>>;
type RunInput = Parameters<StateMachine['run']>[0];
type Context = NonNullable<RunOptions['context']>;
type TaskResult = Awaited<ReturnType<TaskHandlers[string]>>;

/**
 * Definitions already checked by asl-validator. Validation compiles a JSON
 * schema each time (~90 ms), so a fleet that runs its child definition once
 * per principal validates it once, not once per rotation.
 */
const validatedDefinitions = new WeakSet<AslDefinition>();

type Asl = ConstructorParameters<typeof StateMachine>[0];

/** The synthesized definition is what gets validated; the library runs it with its Distributed Maps bound to the runner. */
function stateMachineOf(definition: AslDefinition, startAt: string): StateMachine {
  if (validatedDefinitions.has(definition)) {
    const runnable = distributedMapPlan(definition).definition as Asl;
    // The same states, entered elsewhere: what a redrive does in Step Functions.
    const from = startAt === runnable.StartAt ? runnable : { ...runnable, StartAt: startAt };
    return new StateMachine(from, { validationOptions: { noValidate: true } });
  }
  new StateMachine(definition as Asl);
  validatedDefinitions.add(definition);
  return stateMachineOf(definition, startAt);
}

/** One library state machine per ItemProcessor, shared by its child executions (a run keeps its own state). */
const processorMachines = new WeakMap<AslDefinition, StateMachine>();

function processorMachineOf(processor: AslDefinition): StateMachine {
  let machine = processorMachines.get(processor);
  if (!machine) {
    machine = new StateMachine(processor as Asl, { validationOptions: { noValidate: true } });
    processorMachines.set(processor, machine);
  }
  return machine;
}

interface MapBinding {
  readonly plan: DistributedMapPlan;
  readonly taskHandlers: TaskHandlers;
  readonly options: ExecutionRunOptions;
  readonly signal: AbortSignal;
  readonly halted: () => boolean;
  readonly saved: () => Promise<void>;
}

/**
 * The handlers of the Distributed Maps that an execution with this context
 * can reach. Each child execution gets its own, so a nested Map reads `$$`
 * of the child it runs in; only the parent's own Maps report to its history.
 */
function mapHandlers(
  binding: MapBinding,
  context: Context,
  stateMachineArn: string,
  onEvent?: (event: HistoryEvent) => void,
): TaskHandlers {
  const startChild =
    (processor: AslDefinition) =>
    (input: unknown, childContext: Context): ChildRun => {
      const childArn = String((childContext.StateMachine as { Id: string }).Id);
      const handlers = afterEntryIsSaved(
        { ...binding.taskHandlers, ...mapHandlers(binding, childContext, childArn) },
        binding.halted,
        binding.saved,
      );
      const execution = processorMachineOf(processor).run(input as RunInput, {
        overrides: {
          taskResourceLocalHandlers: handlers,
          waitTimeOverrides: { ...binding.options.waitTimeOverrides },
          retryIntervalOverrides: { ...binding.options.retryIntervalOverrides },
        },
        context: childContext,
      });
      return { result: execution.result, abort: execution.abort };
    };
  return Object.fromEntries(
    [...binding.plan.maps].map(([name, { state, processor }]) => [
      name,
      async (input: unknown) =>
        (await runMapRun(name, state, input, {
          context,
          stateMachineArn,
          s3: binding.options.s3,
          signal: binding.signal,
          startChild: startChild(processor),
          onEvent,
        })) as TaskResult,
    ]),
  );
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

/**
 * The library calls a Task's handler in the same tick as it queues the
 * StateEntered event; waiting one macrotask lets the event loop below record
 * that entry and start saving it (its work is all microtasks), and `saved`
 * waits until the save is on disk, so no side effect ever precedes the
 * record of the step that made it. A Task reached after the run
 * was interrupted, stopped or paused is never started.
 */
function afterEntryIsSaved(
  handlers: TaskHandlers,
  halted: () => boolean,
  saved: () => Promise<void>,
): TaskHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      async (input: Parameters<typeof handler>[0]) => {
        await new Promise((resolve) => setImmediate(resolve));
        await saved();
        if (halted()) return new Promise<never>(() => undefined);
        return handler(input);
      },
    ]),
  );
}

/** Handlers that run only `stateName`'s Task: any other Task is held, never started, and `onHeld` is told. */
function heldAfter(stateName: string, handlers: TaskHandlers, onHeld: () => void): TaskHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      name === stateName
        ? handler
        : () => {
            onHeld();
            return new Promise<never>(() => undefined);
          },
    ]),
  );
}

/** A one-shot override: the first entry of the resumed Wait waits only what is left of it. */
function waitOverridesFor(
  base: Readonly<Record<string, number>> | undefined,
  from: ContinuationPoint | undefined,
): Record<string, number> {
  const overrides: Record<string, number> = { ...base };
  if (from?.remainingWaitMs === undefined) return overrides;
  const { stateName, remainingWaitMs } = from;
  const later = base?.[stateName];
  let first = true;
  Object.defineProperty(overrides, stateName, {
    enumerable: true,
    get: () => {
      if (first) {
        first = false;
        return remainingWaitMs;
      }
      return later;
    },
  });
  return overrides;
}

async function drive(
  record: LocalExecutionRecord,
  startAt: string,
  input: unknown,
  options: ExecutionRunOptions,
  from?: ContinuationPoint,
): Promise<LocalExecutionRecord> {
  const saver = throttledRecordSaver(options.history, record);
  const machine = stateMachineOf(options.definition, startAt);
  let paused = false;
  let pause: () => void = () => undefined;
  let halted = false;
  const isHalted = () => halted || options.interrupt?.aborted === true;
  // Stops the Map Runs' child executions along with the parent.
  const mapRuns = new AbortController();
  const context: Context = {
    Execution: {
      Id: record.executionArn,
      Name: record.name,
      StartTime: record.startDate,
      Input: record.input as RunInput,
    },
    StateMachine: { Id: record.stateMachineArn },
  };
  const plan = distributedMapPlan(options.definition);
  const binding: MapBinding = {
    plan,
    taskHandlers: options.handlers,
    options,
    signal: mapRuns.signal,
    halted: isHalted,
    saved: saver.idle,
  };
  let delivered = Promise.resolve();
  const recordMapRunEvent = (event: HistoryEvent) => {
    if (paused) return;
    record.events.push(event);
    saver.save();
    delivered = delivered.then(() => options.onEvent?.(event, record));
  };
  const rootHandlers = {
    ...options.handlers,
    ...mapHandlers(binding, context, record.stateMachineArn, recordMapRunEvent),
  };
  const handlers = afterEntryIsSaved(
    from?.pauseAfterStep ? heldAfter(startAt, rootHandlers, () => pause()) : rootHandlers,
    isHalted,
    saver.idle,
  );
  const runOptions: RunOptions = {
    overrides: {
      taskResourceLocalHandlers: handlers,
      waitTimeOverrides: waitOverridesFor(options.waitTimeOverrides, from),
      retryIntervalOverrides: { ...options.retryIntervalOverrides },
    },
    context,
  };
  const execution = machine.run(input as RunInput, runOptions);
  const abort = () => {
    mapRuns.abort();
    execution.abort();
  };
  // A stop request may come from another process (akr rollback, akr abort): look for it while the execution runs.
  let stopCause: string | undefined;
  pause = () => {
    paused = true;
    halted = true;
    abort();
  };
  const stopWatch = setInterval(() => {
    stopCause = options.history.stopRequested(record.name);
    if (stopCause !== undefined) {
      halted = true;
      abort();
    }
  }, 250);
  let interruptedBy: string | undefined;
  const onInterrupt = () => {
    interruptedBy = String(options.interrupt?.reason ?? 'interrupted');
    abort();
  };
  options.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  if (options.interrupt?.aborted) onInterrupt();
  // Observe the result now so a failure is never an unhandled rejection while events drain.
  const settled = execution.result.then(
    (output: unknown) => ({ ok: true as const, output }),
    (error: unknown) => ({ ok: false as const, error }),
  );

  for await (const log of execution.eventLogs as unknown as EventLog) {
    const logged = toHistoryEvent(log);
    // The library ran a Distributed Map as a Task of its name; the history says what the state is.
    const event =
      logged.stateType === 'Task' && logged.stateName !== undefined && plan.maps.has(logged.stateName)
        ? { ...logged, stateType: 'Map' }
        : logged;
    if (from && event.type === 'ExecutionStarted') continue; // the continuation is recorded instead
    // A pause takes effect on entering the Wait; what a zero-length Wait lets the library drain after
    // it (the Wait's exit, the next Task's entry, whose handler is held) never happened.
    if (paused) continue;
    if (interruptedBy !== undefined && event.type === 'ExecutionAborted') continue; // it goes on later
    record.events.push(event);
    if (event.type === 'ExecutionFailed') {
      record.error = event.error;
      record.cause = event.cause;
    }
    const topLevel = log.index === undefined;
    if (
      from?.pauseAfterStep &&
      event.type === 'StateEntered' &&
      event.stateType === 'Wait' &&
      event.stateName !== startAt
    )
      pause();
    // Write-ahead: a Task's side effects never happen before the record says it is running.
    const mustSave =
      event.type === 'StateEntered' &&
      (event.stateType === 'Wait' || (event.stateType === 'Task' && topLevel));
    // A failed save fails the Task about to run (it waits for the save) and the run's final save.
    const flushed = mustSave ? saver.flush().catch(() => undefined) : undefined;
    if (!mustSave) saver.save();
    // In order, and an entry that must be on disk only once it is: whoever hears of it can find it there.
    delivered = delivered.then(async () => {
      await flushed;
      options.onEvent?.(event, record);
    });
  }

  const outcome = await settled;
  await delivered;
  clearInterval(stopWatch);
  mapRuns.abort(); // nothing of this execution runs on after it
  options.interrupt?.removeEventListener('abort', onInterrupt);
  if (interruptedBy !== undefined && stopCause === undefined) {
    record.interruptedAt = new Date().toISOString();
    record.interruptedBy = interruptedBy;
  } else if (paused && stopCause === undefined) {
    // Left RUNNING on purpose: the caller continues it from here.
  } else {
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
  }
  await saver.flush(); // the final record
  return record;
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
  return drive(record, request.definition.StartAt, request.input, request);
}

/**
 * Continues a RUNNING execution whose runner is gone (or was paused) from a
 * state of its own definition, in this process, appending to its history.
 */
export async function continueLocalExecution(request: ContinuationRequest): Promise<LocalExecutionRecord> {
  const { from } = request;
  const record: LocalExecutionRecord = { ...request.record, events: [...request.record.events] };
  record.runnerPid = process.pid;
  delete record.interruptedAt;
  delete record.interruptedBy;
  record.events.push({
    timestamp: new Date().toISOString(),
    type: 'ExecutionResumed',
    stateName: from.stateName,
    cause: from.reason,
  });
  request.history.save(record);
  return drive(record, from.stateName, from.input, request, from);
}
