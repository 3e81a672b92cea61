/**
 * The Step Functions read calls the operator's functions make, served over
 * the real wire protocol (JSON 1.0, `X-Amz-Target: AWSStepFunctions.*`) from
 * the local execution records in `.akr/executions/`: DescribeExecution and
 * GetExecutionHistory. The local Lambda container reaches it through the
 * SDK's own `AWS_ENDPOINT_URL_SFN`, so the re-activation checks a request
 * against the local execution exactly as it does against a deployed one.
 * It only reads; the runner alone writes the records.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import type { ExecutionHistoryStore, LocalExecutionRecord } from './execution-history-store.ts';

export interface LocalExecutionApi {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_SFN`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

class ApiError extends Error {
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

export async function startLocalExecutionApi(history: ExecutionHistoryStore): Promise<LocalExecutionApi> {
  const server = createServer((request, response) => {
    void (async () => {
      try {
        const target = String(request.headers['x-amz-target'] ?? '');
        const input = await readBody(request);
        if (target === 'AWSStepFunctions.DescribeExecution')
          return answer(response, 200, describeExecution(findExecution(history, input.executionArn)));
        if (target === 'AWSStepFunctions.GetExecutionHistory')
          return answer(response, 200, executionHistory(findExecution(history, input.executionArn), input));
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
