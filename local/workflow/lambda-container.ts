/**
 * Starts a local "Lambda container" (a worker thread, see
 * lambda-container-worker.ts) for one provider's functions, with the
 * environment the template gives them, and invokes them across the same JSON
 * boundary Lambda has. Whatever the handlers write to stdout or stderr is what
 * CloudWatch Logs would hold: it goes to the log sink, not to the terminal.
 *
 * Each invocation ends at its function's timeout, as in Lambda: the step then
 * fails with `Sandbox.Timedout`, which no Retry of ours matches, so a Catch
 * decides. Lambda would also freeze the sandbox; a worker thread cannot be
 * paused, so the late handler runs on and its answer is dropped.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ContainerData, InvokeRequest, InvokeResponse } from './lambda-container-worker.ts';
import { LambdaFunctionError } from './lambda-invocation.ts';
import type { LambdaLogSink } from './lambda-log-sink.ts';
import type { SynthesizedFunction } from './synthesized-workflow.ts';

export interface LambdaContainer {
  invoke(fn: SynthesizedFunction, payload: unknown): Promise<unknown>;
  close(): Promise<void>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface LambdaContainerOptions {
  /**
   * Caps every function's timeout, in milliseconds, so a test sees a hung step time out in seconds.
   * @default - each function's own `Timeout`
   */
  readonly maxFunctionTimeoutMs?: number;
}

/** Lambda's answer for an invocation that outran its timeout. */
export function timedOutError(timeoutMs: number): LambdaFunctionError {
  return new LambdaFunctionError(
    'Sandbox.Timedout',
    `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
  );
}

function pipeLines(stream: Readable, sink: LambdaLogSink): void {
  createInterface({ input: stream }).on('line', (line) => sink.write(line));
}

export async function startLambdaContainer(
  functions: readonly SynthesizedFunction[],
  environment: Readonly<Record<string, string>>,
  repoRoot: string,
  sink: LambdaLogSink,
  options: LambdaContainerOptions = {},
): Promise<LambdaContainer> {
  const workerData: ContainerData = {
    repoRoot,
    functions: functions.map(({ logicalId, arn, entry }) => ({ logicalId, arn, entry })),
  };
  const worker = new Worker(new URL('./lambda-container-worker.ts', import.meta.url), {
    workerData,
    env: { ...process.env, ...environment },
    stdout: true,
    stderr: true,
  });
  pipeLines(worker.stdout, sink);
  pipeLines(worker.stderr, sink);

  const pending = new Map<number, Pending>();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => {
      worker.off('error', reject);
      resolve();
    });
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the local Lambda container exited with code ${code}`)));
  worker.on('message', (response: InvokeResponse) => {
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (response.ok) waiter.resolve(JSON.parse(response.result));
    else waiter.reject(new LambdaFunctionError(response.errorType, response.errorMessage));
  });

  return {
    invoke(fn, payload) {
      const id = ++nextId;
      const timeoutMs = Math.min(fn.timeoutSeconds * 1000, options.maxFunctionTimeoutMs ?? Infinity);
      const request: InvokeRequest = {
        id,
        logicalId: fn.logicalId,
        payload: JSON.stringify(payload ?? null),
        timeoutMs,
      };
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(timedOutError(timeoutMs));
        }, timeoutMs);
        const settle =
          <T>(done: (value: T) => void) =>
          (value: T) => {
            clearTimeout(timer);
            done(value);
          };
        pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
        worker.postMessage(request);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
