/**
 * The parent's side of concurrent-state-writer.ts: starts one writer process
 * and follows what it says.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const COUNTER_TABLE = 'counters';
/** Created by the parent once every writer is ready, so that their writes overlap. */
export const GO_FILE = 'go';

const WRITER = resolve(import.meta.dirname, 'concurrent-state-writer.ts');

export interface Writer {
  readonly child: ChildProcess;
  /** Resolves on the first stdout line equal to `line`; rejects if the process exits first. */
  said(line: string): Promise<void>;
  /** Resolves with the RESULT line's JSON once the process exits 0. */
  readonly done: Promise<{ users: number; increments: number; conflicts: number }>;
}

export function startWriter(stateDir: string, name: string, writes: string): Writer {
  const child = spawn(process.execPath, [WRITER, stateDir, name, writes], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiting: { line: string; resolve: () => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
    lines.push(line);
    for (const wait of waiting.filter((candidate) => candidate.line === line)) wait.resolve();
  });
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', resolveExit));
  const failure = (code: number | null) => new Error(`writer ${name} exited ${code}: ${stderr.slice(-2000)}`);
  const done = exited.then((code) => {
    const result = lines.find((line) => line.startsWith('RESULT '));
    if (code === 0 && result) return JSON.parse(result.slice('RESULT '.length));
    throw failure(code);
  });
  done.catch(() => undefined);
  return {
    child,
    done,
    said: (line) =>
      lines.includes(line)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolveSaid) => waiting.push({ line, resolve: resolveSaid })),
            exited.then((code) => {
              throw failure(code);
            }),
          ]),
  };
}
