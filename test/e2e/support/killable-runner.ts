/**
 * `akr rotate --local` as a real child process, killed at a chosen point:
 * right after one of its calls acted in the cloud (the cloud runs in the test
 * process, so the kill lands while that call is answering), or when its
 * history says a state was entered. The child reaches the cloud through
 * AWS_ENDPOINT_URL, as `--local` does with any endpoint.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOCAL_ADMIN_CREDENTIALS, type LocalCloud } from '@access-key-rotator/local-cloud';
import type { LocalExecutionRecord } from '../../../local/workflow/execution-history-store.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface ChildRun {
  readonly child: ChildProcess;
  /** Everything the child wrote, for the secret scans and the printed hints. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runAkr(cloud: LocalCloud, stateDir: string, args: readonly string[]): ChildRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_REGION: cloud.region,
    AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
  };
  const child = spawn(process.execPath, ['bin/akr.ts', ...args, '--state-dir', stateDir], {
    cwd: REPO_ROOT,
    env,
  });
  let text = '';
  child.stdout.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { child, output: () => text, exited };
}

type AnyMethod = (...args: never[]) => unknown;

/**
 * Replaces `method` of one store object so that, once a call that `matches`
 * has acted, `onActed` runs before the answer leaves. Returns the undo.
 */
export function afterCall<T extends object, K extends keyof T>(
  target: T,
  method: K,
  matches: (...args: unknown[]) => boolean,
  onActed: () => void,
): () => void {
  const original = target[method] as unknown as AnyMethod;
  let fired = false;
  (target as Record<K, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args as never[]);
    if (!fired && matches(...args)) {
      fired = true;
      onActed();
    }
    return result;
  } as unknown as T[K];
  return () => {
    delete (target as Record<K, unknown>)[method];
  };
}

export function readRecord(stateDir: string, name: string): LocalExecutionRecord | undefined {
  const file = join(stateDir, 'executions', `${encodeURIComponent(name)}.json`);
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalExecutionRecord) : undefined;
  } catch {
    return undefined; // caught between write and rename
  }
}

/** Resolves once the execution's history shows `stateName` entered and not left. */
export async function entered(stateDir: string, name: string, stateName: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const states = readRecord(stateDir, name)?.events.filter((event) => event.stateName) ?? [];
    const last = states.at(-1);
    if (last?.type === 'StateEntered' && last.stateName === stateName) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${name} never entered ${stateName}`);
}
