/**
 * `akr` spawned without blocking this process: for tests whose other side
 * (a hung endpoint, a local cloud standing in for the user's) lives here and
 * must keep answering.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface AkrRun {
  readonly status: number | null;
  readonly output: string;
  readonly elapsedMs: number;
}

function collect(child: ChildProcessWithoutNullStreams, onOutput: (output: string) => void): void {
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk;
    onOutput(output);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
}

/** Runs `akr args` to its end; killed (status null) after `timeoutMs`. */
export function runAkrAsync(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<AkrRun> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['bin/akr.ts', ...args], { cwd: REPO_ROOT, env });
    let output = '';
    collect(child, (text) => {
      output = text;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(killer);
      done({ status, output, elapsedMs: Date.now() - started });
    });
  });
}

/** `akr rotate --local` of `principal` with one-second waits (the caller adds `--state-dir`). */
export function quickLocalRotation(principal: string, ...extra: string[]): string[] {
  return ['rotate', '--principal', principal, '--local', '--grace', '1s', '--deletion-delay', '1s', ...extra];
}
