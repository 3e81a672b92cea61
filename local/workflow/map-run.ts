/**
 * One Map Run of a Distributed Map state, as Step Functions runs it: the items
 * (from the ItemReader, or ItemsPath of the Map's input), each made into a
 * child workflow's input by the ItemSelector with `$$.Map.Item.Index/Value`,
 * at most MaxConcurrency children at once, each a separate execution of the
 * ItemProcessor; too many failures (ToleratedFailurePercentage / Count, none
 * tolerated by default) fail the Map with States.ExceedToleratedFailureThreshold.
 * With a ResultWriter the results go to S3 and the Map's result is
 * `{MapRunArn, ResultWriterDetails}`; without one it is the children's
 * outputs in item order.
 *
 * The children are not the parent's states: their histories are not the
 * parent's history (in Step Functions each is an execution of its own), so
 * a Map of 20,000 items adds a handful of events to the parent, not 100,000.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RunOptions } from 'aws-local-stepfunctions';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { checkItemReader, type ItemReaderField, readMapItems } from './map-item-reader.ts';
import { type ChildExecutionResult, MapRunResultWriter } from './map-result-writer.ts';
import { evaluatePayloadTemplate } from './payload-template.ts';
import { StatesError } from './states-error.ts';
import type { AslState } from './synthesized-workflow.ts';

type Context = NonNullable<RunOptions['context']>;

/** A running child workflow execution. */
export interface ChildRun {
  readonly result: Promise<unknown>;
  abort(): void;
}

export interface MapRunScope {
  /** The execution the Map runs in: its context (`$$`), and its state machine's ARN. */
  readonly context: Context;
  readonly stateMachineArn: string;
  /** Where ItemReader and ResultWriter go; required only by a Map that has one. */
  readonly s3: S3Client | undefined;
  /** Aborted when the parent stops: no child starts after it, running ones are aborted. */
  readonly signal: AbortSignal;
  /** Starts one child workflow execution of the Map's ItemProcessor. */
  startChild(input: unknown, context: Context): ChildRun;
  /** The Map Run's own events for the parent's history (a top-level Map only). */
  readonly onEvent?: (event: HistoryEvent) => void;
}

/** Step Functions' limit on a Distributed Map's concurrent children, which MaxConcurrency 0 means. */
const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10_000;

interface ResultWriterField {
  readonly Resource: string;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly WriterConfig?: { readonly OutputType?: string; readonly Transformation?: string };
}

/** Refuses, before anything runs, a Map this runner would not run as Step Functions does. */
export function checkDistributedMap(stateName: string, state: AslState): void {
  if (state.ItemReader) checkItemReader(stateName, state.ItemReader as ItemReaderField);
  const writer = state.ResultWriter as ResultWriterField | undefined;
  if (writer && writer.Resource !== 'arn:aws:states:::s3:putObject')
    throw new Error(
      `Map ${stateName}: the local runner writes results only with arn:aws:states:::s3:putObject`,
    );
  const config = writer?.WriterConfig;
  if ((config?.OutputType ?? 'JSON') !== 'JSON' || (config?.Transformation ?? 'NONE') !== 'NONE')
    throw new Error(
      `Map ${stateName}: the local runner writes results only as JSON with Transformation NONE`,
    );
  if (state.ItemBatcher)
    throw new Error(`Map ${stateName}: the local runner does not batch items (ItemBatcher)`);
}

function nameOfStateMachine(stateMachineArn: string): string {
  return stateMachineArn.slice(stateMachineArn.indexOf(':stateMachine:') + ':stateMachine:'.length);
}

function errorOf(error: unknown): { Error: string; Cause: string; aborted: boolean } {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (error instanceof Error && error.name === 'ExecutionAbortedError')
    return { Error: 'States.Aborted', Cause: 'The Map Run stopped this child', aborted: true };
  if (cause instanceof Error) return { Error: cause.name, Cause: cause.message, aborted: false };
  return { Error: 'Error', Cause: String(cause), aborted: false };
}

function requireS3(scope: MapRunScope, stateName: string, field: string): S3Client {
  if (!scope.s3)
    throw new Error(`Map ${stateName} has a ${field}, but the local runner was given no S3 client`);
  return scope.s3;
}

async function itemsOf(stateName: string, state: AslState, input: unknown, scope: MapRunScope) {
  if (state.ItemReader)
    return readMapItems(
      state.ItemReader as ItemReaderField,
      input,
      scope.context,
      requireS3(scope, stateName, 'ItemReader'),
    );
  const path = (state.ItemsPath as string | undefined) ?? '$';
  const { items } = (await evaluatePayloadTemplate({ 'items.$': path }, input, scope.context)) as {
    items: unknown;
  };
  if (!Array.isArray(items))
    throw new StatesError('States.Runtime', `Map ${stateName}: ItemsPath ${path} does not point to an array`);
  return items;
}

/** Whether `failed` of `total` children is more than the Map tolerates. */
function exceedsTolerance(state: AslState, failed: number, total: number): boolean {
  const percent = state.ToleratedFailurePercentage as number | undefined;
  const count = state.ToleratedFailureCount as number | undefined;
  if (percent === undefined && count === undefined) return failed > 0;
  if (count !== undefined && failed > count) return true;
  return percent !== undefined && (failed / total) * 100 > percent;
}

async function maxConcurrencyOf(state: AslState, input: unknown, scope: MapRunScope): Promise<number> {
  let max = (state.MaxConcurrency as number | undefined) ?? 0;
  if (typeof state.MaxConcurrencyPath === 'string') {
    const evaluated = (await evaluatePayloadTemplate(
      { 'max.$': state.MaxConcurrencyPath },
      input,
      scope.context,
    )) as {
      max: unknown;
    };
    max = Number(evaluated.max);
  }
  return max > 0 ? max : DISTRIBUTED_MAP_MAX_CONCURRENCY;
}

/** Never settles: the parent was stopped, and its runner records where it stopped. */
const stopped = () => new Promise<never>(() => undefined);

export async function runMapRun(
  stateName: string,
  state: AslState,
  input: unknown,
  scope: MapRunScope,
): Promise<unknown> {
  const label = (state.Label as string | undefined) ?? stateName;
  const machineName = nameOfStateMachine(scope.stateMachineArn);
  const arnPrefix = scope.stateMachineArn.slice(0, scope.stateMachineArn.indexOf(':stateMachine:'));
  const mapRunId = randomUUID();
  const mapRunArn = `${arnPrefix}:mapRun:${machineName}/${label}:${mapRunId}`;
  const childStateMachineArn = `${arnPrefix}:stateMachine:${machineName}/${label}`;
  const emit = (type: string, extra: Partial<HistoryEvent>) =>
    scope.onEvent?.({ timestamp: new Date().toISOString(), type, stateName, stateType: 'Map', ...extra });
  emit('MapRunStarted', { output: { MapRunArn: mapRunArn } });
  const fail = (error: unknown): never => {
    const { Error: name, Cause } = errorOf(error);
    emit('MapRunFailed', { error: name, cause: Cause });
    throw error;
  };

  let items: unknown[];
  let writer: MapRunResultWriter | undefined;
  let limit: number;
  try {
    items = await itemsOf(stateName, state, input, scope);
    limit = await maxConcurrencyOf(state, input, scope);
    const resultWriter = state.ResultWriter as ResultWriterField | undefined;
    if (resultWriter) {
      const { Bucket, Prefix } = (await evaluatePayloadTemplate(
        resultWriter.Parameters ?? {},
        input,
        scope.context,
      )) as {
        Bucket: string;
        Prefix?: string;
      };
      const directory = Prefix ? `${Prefix.replace(/\/+$/, '')}/${mapRunId}` : mapRunId;
      writer = new MapRunResultWriter(
        requireS3(scope, stateName, 'ResultWriter'),
        Bucket,
        directory,
        mapRunArn,
      );
    }
  } catch (error) {
    return fail(error);
  }

  const selector = (state.ItemSelector ?? state.Parameters) as unknown;
  const outputs: unknown[] = writer ? [] : new Array(items.length);
  const running = new Set<ChildRun>();
  let next = 0;
  let succeeded = 0;
  let failed = 0;
  /** What fails the Map: too many failed children, or an item the ItemSelector cannot select. */
  let failure: Error | undefined;
  const onAbort = () => {
    for (const child of running) child.abort();
  };
  scope.signal.addEventListener('abort', onAbort, { once: true });

  const runItem = async (index: number) => {
    const value = items[index];
    let childInput: unknown = value;
    try {
      if (selector !== undefined)
        childInput = await evaluatePayloadTemplate(selector, input, {
          ...scope.context,
          Map: { Item: { Index: index, Value: value } },
        });
    } catch (error) {
      // As in Step Functions, the Map fails; no further child starts and those running stop.
      failure ??= error instanceof Error ? error : new StatesError('States.Runtime', String(error));
      onAbort();
      return;
    }
    const name = randomUUID();
    const executionArn = `${arnPrefix}:execution:${machineName}/${label}:${name}`;
    const startDate = new Date().toISOString();
    const child = scope.startChild(childInput, {
      Execution: { Id: executionArn, Name: name, StartTime: startDate },
      StateMachine: { Id: childStateMachineArn, Name: `${machineName}/${label}` },
    });
    running.add(child);
    const common = {
      ExecutionArn: executionArn,
      Name: name,
      StateMachineArn: childStateMachineArn,
      StartDate: startDate,
      Input: JSON.stringify(childInput),
      InputDetails: { Included: true as const },
    };
    try {
      const output = await child.result;
      succeeded += 1;
      if (writer) {
        const entry: ChildExecutionResult = {
          ...common,
          Status: 'SUCCEEDED',
          StopDate: new Date().toISOString(),
          Output: JSON.stringify(output ?? null),
          OutputDetails: { Included: true },
        };
        writer.add('SUCCEEDED', entry);
      } else outputs[index] = output;
    } catch (error) {
      if (scope.signal.aborted) return;
      const { Error: childError, Cause, aborted } = errorOf(error);
      failed += 1;
      writer?.add('FAILED', {
        ...common,
        Status: aborted ? 'ABORTED' : 'FAILED',
        StopDate: new Date().toISOString(),
        Error: childError,
        Cause,
      });
      if (!failure && !aborted && exceedsTolerance(state, failed, items.length)) {
        failure = new StatesError(
          'States.ExceedToleratedFailureThreshold',
          `The Map Run ${mapRunArn} failed: ${failed} of ${items.length} child executions failed, more than the state tolerates (last: ${childError}: ${Cause})`,
        );
        for (const other of running) if (other !== child) other.abort();
      }
    } finally {
      running.delete(child);
    }
  };

  const worker = async () => {
    while (next < items.length && !failure && !scope.signal.aborted) await runItem(next++);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  } finally {
    scope.signal.removeEventListener('abort', onAbort);
  }
  if (scope.signal.aborted) return stopped();

  let result: unknown = outputs;
  try {
    if (writer) result = { MapRunArn: mapRunArn, ResultWriterDetails: await writer.finish() };
  } catch (error) {
    return fail(error);
  }
  if (failure) return fail(failure);
  emit('MapRunSucceeded', { output: { MapRunArn: mapRunArn, succeeded, failed } });
  return result;
}
