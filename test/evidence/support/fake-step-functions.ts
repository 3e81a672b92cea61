/**
 * A loopback Step Functions endpoint for the remote reader's tests: it speaks
 * the JSON 1.0 wire protocol the real SDK client uses, pages ListExecutions
 * and GetExecutionHistory with nextToken, and answers the first call of each
 * action with ThrottlingException, so the SDK's retry is exercised for real.
 *
 * Its histories are the recorded local ones, translated to the event shapes
 * GetExecutionHistory returns.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionHistory } from '../../../evidence/model/execution-history.ts';

type WireEvent = Record<string, unknown>;

const seconds = (iso: string) => Date.parse(iso) / 1000;
const text = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));

/** The local runner's events as GetExecutionHistory shapes them. */
export function toWireEvents(
  history: ExecutionHistory,
  abort?: { error: string; cause: string },
): WireEvent[] {
  const events: WireEvent[] = [
    {
      type: 'ExecutionStarted',
      timestamp: seconds(history.startDate),
      executionStartedEventDetails: { input: text(history.input) },
    },
  ];
  for (const event of history.events) {
    const base = { timestamp: seconds(event.timestamp) };
    const kind = (event as { stateType?: string }).stateType ?? 'Task';
    if (event.type === 'StateEntered')
      events.push({
        ...base,
        type: `${kind}StateEntered`,
        stateEnteredEventDetails: { name: event.stateName, input: text(event.input) },
      });
    else if (event.type === 'StateExited')
      events.push({
        ...base,
        type: `${kind}StateExited`,
        stateExitedEventDetails: { name: event.stateName, output: text(event.output) },
      });
    else if (event.type === 'StateFailed' && kind === 'Task')
      events.push({
        ...base,
        type: 'TaskFailed',
        taskFailedEventDetails: { error: event.error, cause: event.cause },
      });
    else if (event.type === 'ExecutionFailed')
      events.push({
        ...base,
        type: 'ExecutionFailed',
        executionFailedEventDetails: { error: event.error, cause: event.cause },
      });
    else if (event.type === 'ExecutionSucceeded')
      events.push({
        ...base,
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: text(event.output) },
      });
  }
  if (abort)
    events.push({
      type: 'ExecutionAborted',
      timestamp: seconds(String(history.stopDate)),
      executionAbortedEventDetails: abort,
    });
  return events.map((event, index) => ({ id: index + 1, ...event }));
}

export interface FakeExecution {
  readonly history: ExecutionHistory;
  readonly abort?: { error: string; cause: string };
}

export interface FakeStepFunctions {
  readonly endpoint: string;
  /** Every call received, as `Action` or `Action throttled`. */
  readonly calls: string[];
  close(): Promise<void>;
}

function page<T>(items: readonly T[], token: unknown, size: number): { items: T[]; nextToken?: string } {
  const start = typeof token === 'string' ? Number(token) : 0;
  const next = start + size;
  return { items: items.slice(start, next), ...(next < items.length && { nextToken: String(next) }) };
}

/** @param createdAt each state machine's creation date (DescribeStateMachine); one it lacks does not exist. */
export async function startFakeStepFunctions(
  executions: readonly FakeExecution[],
  pageSize = 2,
  createdAt: Readonly<Record<string, string>> = {},
): Promise<FakeStepFunctions> {
  const calls: string[] = [];
  const throttled = new Set<string>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const action = String(request.headers['x-amz-target']).split('.')[1] ?? '';
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(payload));
      };
      if (!throttled.has(action)) {
        throttled.add(action);
        calls.push(`${action} throttled`);
        return reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
      }
      calls.push(action);
      if (action === 'ListExecutions') {
        const listed = executions
          .filter((e) => e.history.stateMachineArn === input.stateMachineArn)
          .map(({ history: h }) => ({
            executionArn: h.executionArn,
            stateMachineArn: h.stateMachineArn,
            name: h.name,
            status: h.status,
            startDate: seconds(h.startDate),
            ...(h.stopDate && { stopDate: seconds(h.stopDate) }),
          }));
        const { items, nextToken } = page(listed, input.nextToken, pageSize);
        return reply(200, { executions: items, nextToken });
      }
      if (action === 'GetExecutionHistory') {
        const found = executions.find((e) => e.history.executionArn === input.executionArn);
        if (!found) return reply(400, { __type: 'ExecutionDoesNotExist', message: 'no such execution' });
        const { items, nextToken } = page(toWireEvents(found.history, found.abort), input.nextToken, 10);
        return reply(200, { events: items, nextToken });
      }
      if (action === 'DescribeStateMachine') {
        const arn = String(input.stateMachineArn);
        const created = createdAt[arn];
        if (!created) return reply(400, { __type: 'StateMachineDoesNotExist', message: `no ${arn}` });
        const name = arn.split(':').at(-1);
        return reply(200, {
          stateMachineArn: arn,
          name,
          status: 'ACTIVE',
          definition: '{}',
          roleArn: 'arn:aws:iam::000000000000:role/StateMachineRole',
          type: 'STANDARD',
          creationDate: seconds(created),
        });
      }
      return reply(400, { __type: 'UnknownOperationException', message: action });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
