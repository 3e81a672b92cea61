/**
 * `akr` spawned without blocking this process: for tests whose other side
 * (a hung endpoint, a local cloud standing in for the user's) lives here and
 * must keep answering, and for `akr local-cloud`, which serves until stopped.
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

export interface ServedLocalCloud {
  /** The endpoint its banner names. */
  readonly endpoint: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, as Ctrl+C would; resolves with its exit status. */
  stop(): Promise<number | null>;
}

/** `akr local-cloud --port 0 …args`, once its banner names the endpoint it serves. */
export function serveLocalCloud(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<ServedLocalCloud>((ready, fail) => {
    const child = spawn(process.execPath, ['bin/akr.ts', 'local-cloud', '--port', '0', ...args], {
      cwd: REPO_ROOT,
      env,
    });
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const served = {
      output: () => output,
      stop: () => {
        child.kill('SIGTERM');
        return exited;
      },
    };
    collect(child, (text) => {
      output = text;
      // A promise settles once: later output changes nothing.
      const endpoint = /http:\/\/127\.0\.0\.1:\d+/.exec(text)?.[0];
      if (endpoint) ready({ ...served, endpoint });
    });
    // Once ready, a later exit changes nothing either.
    void exited.then((status) =>
      fail(new Error(`akr local-cloud exited (${status}) before serving:\n${output}`)),
    );
  });
}

/** `akr rotate --local` of `principal` with one-second waits, over `stateDir`. */
export function quickLocalRotation(principal: string, stateDir: string, ...extra: string[]): string[] {
  return [
    'rotate',
    '--principal',
    principal,
    '--local',
    '--grace',
    '1s',
    '--deletion-delay',
    '1s',
    ...extra,
    '--state-dir',
    stateDir,
  ];
}
