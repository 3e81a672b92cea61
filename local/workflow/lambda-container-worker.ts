/**
 * The inside of one local "Lambda container": a worker thread with its own
 * module graph and environment, as in AWS each function has its own process.
 * It imports the handler modules the template names and invokes them on request.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';

export interface ContainerFunction {
  readonly logicalId: string;
  readonly arn: string;
  readonly entry: string;
}

export interface ContainerData {
  readonly repoRoot: string;
  readonly functions: readonly ContainerFunction[];
}

export interface InvokeRequest {
  readonly id: number;
  readonly logicalId: string;
  readonly payload: string;
  /** When the container gives up on this invocation (the function's timeout). */
  readonly timeoutMs: number;
}

export type InvokeResponse =
  | { readonly id: number; readonly ok: true; readonly result: string }
  | { readonly id: number; readonly ok: false; readonly errorType: string; readonly errorMessage: string };

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const { repoRoot, functions } = workerData as ContainerData;
const handlers = new Map<string, LambdaHandler>();

for (const fn of functions) {
  const module = (await import(pathToFileURL(resolve(repoRoot, fn.entry)).href)) as {
    handler?: LambdaHandler;
  };
  if (typeof module.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
  handlers.set(fn.logicalId, module.handler);
}

function lambdaContext(fn: ContainerFunction, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

parentPort?.on('message', async (request: InvokeRequest) => {
  const fn = functions.find((candidate) => candidate.logicalId === request.logicalId);
  const handler = handlers.get(request.logicalId);
  let response: InvokeResponse;
  try {
    if (!fn || !handler) throw new Error(`no function ${request.logicalId} in this container`);
    const result = await handler(JSON.parse(request.payload), lambdaContext(fn, request.timeoutMs));
    response = { id: request.id, ok: true, result: JSON.stringify(result ?? null) };
  } catch (error) {
    const errorType = error instanceof Error ? error.name : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    response = { id: request.id, ok: false, errorType, errorMessage };
  }
  parentPort?.postMessage(response);
});
parentPort?.postMessage({ ready: true });
