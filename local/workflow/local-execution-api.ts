/**
 * The Step Functions read calls the operator's functions make, served over
 * the real wire protocol (JSON 1.0, `X-Amz-Target: AWSStepFunctions.*`) from
 * the local execution records in `.akr/executions/`: DescribeExecution and
 * GetExecutionHistory. The local Lambda container reaches it through the
 * SDK's own `AWS_ENDPOINT_URL_SFN`, so the re-activation checks a request
 * against the local execution exactly as it does against a deployed one.
 * It only reads; the runner alone writes the records. StartExecution, for a
 * function that starts rotations (the leak response), is handed to the
 * runner, which answers as Step Functions does for a name already used.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import type { ExecutionHistoryStore, LocalExecutionRecord } from './execution-history-store.ts';

/** A StartExecution request, its input parsed. */
export interface LocalStartRequest {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
}

export interface LocalStartedExecution {
  readonly executionArn: string;
  /** ISO-8601. */
  readonly startDate: string;
}

export interface LocalExecutionApiOptions {
  /**
   * Starts an execution and answers at once, as StartExecution does.
   * @default - StartExecution is not served
   */
  readonly startExecution?: (request: LocalStartRequest) => LocalStartedExecution;
}

export interface LocalExecutionApi {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_SFN`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export class ApiError extends Error {
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

const epochSeconds = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso) / 1000);
const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

function findExecution(history: ExecutionHistoryStore, executionArn: unknown): LocalExecutionRecord {
  const arn = typeof executionArn === 'string' ? executionArn : '';
  const record = history.get(arn.slice(arn.lastIndexOf(':') + 1));
  if (!record || record.executionArn !== arn)
    throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return record;
}

function describeExecution(record: LocalExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: epochSeconds(record.stopDate),
    input: json(record.input),
    output: json(record.output),
    error: record.error,
    cause: record.cause,
  };
}

/** A local event in Step Functions' shape; state events keep their type (`WaitStateEntered`, …). */
function wireEvent(event: HistoryEvent, id: number) {
  const base = { id, timestamp: epochSeconds(event.timestamp) };
  if (event.type === 'StateEntered')
    return {
      ...base,
      type: `${event.stateType ?? 'Task'}StateEntered`,
      stateEnteredEventDetails: { name: event.stateName, input: json(event.input) },
    };
  if (event.type === 'StateExited')
    return {
      ...base,
      type: `${event.stateType ?? 'Task'}StateExited`,
      stateExitedEventDetails: { name: event.stateName, output: json(event.output) },
    };
  const failure = { error: event.error, cause: event.cause };
  if (event.type === 'TaskFailed') return { ...base, type: event.type, taskFailedEventDetails: failure };
  if (event.type === 'ExecutionFailed')
    return { ...base, type: event.type, executionFailedEventDetails: failure };
  return { ...base, type: event.type };
}

function executionHistory(record: LocalExecutionRecord, input: Record<string, unknown>) {
  const events = record.events.map((event, index) => wireEvent(event, index + 1));
  if (input.reverseOrder === true) events.reverse();
  const start = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
  const size = typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : 100;
  const page = events.slice(start, start + size);
  const nextToken = start + size < events.length ? String(start + size) : undefined;
  return { events: page, ...(nextToken && { nextToken }) };
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  response.end(JSON.stringify(body));
}

/**
 * Step Functions' answer for a name already used: the running execution when
 * the input is the same (a Standard workflow's idempotent start), else
 * ExecutionAlreadyExists.
 */
function startExecution(
  history: ExecutionHistoryStore,
  input: Record<string, unknown>,
  start: NonNullable<LocalExecutionApiOptions['startExecution']>,
) {
  const name = typeof input.name === 'string' ? input.name : '';
  const stateMachineArn = typeof input.stateMachineArn === 'string' ? input.stateMachineArn : '';
  let executionInput: unknown = {};
  try {
    if (typeof input.input === 'string') executionInput = JSON.parse(input.input);
  } catch {
    throw new ApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
  }
  const existing = history.get(name);
  if (existing) {
    if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(executionInput))
      return { executionArn: existing.executionArn, startDate: epochSeconds(existing.startDate) };
    throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
  }
  const started = start({ stateMachineArn, name, input: executionInput });
  return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
}

export async function startLocalExecutionApi(
  history: ExecutionHistoryStore,
  options: LocalExecutionApiOptions = {},
): Promise<LocalExecutionApi> {
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const target = String(request.headers['x-amz-target'] ?? '');
        const input = await readBody(request);
        if (target === 'AWSStepFunctions.DescribeExecution')
          return answer(response, 200, describeExecution(findExecution(history, input.executionArn)));
        if (target === 'AWSStepFunctions.GetExecutionHistory')
          return answer(response, 200, executionHistory(findExecution(history, input.executionArn), input));
        if (target === 'AWSStepFunctions.StartExecution' && options.startExecution)
          return answer(response, 200, startExecution(history, input, options.startExecution));
        throw new ApiError('UnknownOperationException', `${target || 'this call'} is not served locally`);
      } catch (error) {
        const type = error instanceof ApiError ? error.type : 'InvalidArn';
        answer(response, 400, {
          __type: type,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
