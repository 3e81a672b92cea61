/**
 * `akr local-cloud` as a user starts it: its own process on a free port over
 * its own state dir, for clients that are not ours (the AWS CLI, curl), and
 * `akr` commands sent to it through AWS_ENDPOINT_URL. Each process gets an
 * environment built from nothing, so the outer shell's AWS settings
 * (AWS_PROFILE, AWS_ACCESS_KEY_ID, …) never reach it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { LOCAL_ADMIN_CREDENTIALS } from '@access-key-rotator/local-cloud';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface ServedCloud {
  /** e.g. `http://127.0.0.1:40123`, as the start-up banner names it. */
  readonly endpoint: string;
  /** The banner's first line, which names the services and the endpoint. */
  readonly banner: string;
  stop(): Promise<void>;
}

/** Only what `akr` needs: where node is, a home, and the admin key the banner exports. */
function akrEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_ACCESS_KEY_ID: LOCAL_ADMIN_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_ADMIN_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/** Starts `akr local-cloud --port 0 …options` and resolves once its banner names the endpoint. */
export async function serveLocalCloud(
  stateDir: string,
  home: string,
  options: readonly string[] = [],
): Promise<ServedCloud> {
  const child = spawn(
    process.execPath,
    ['bin/akr.ts', 'local-cloud', '--port', '0', '--state-dir', stateDir, ...options],
    { cwd: REPO_ROOT, env: akrEnv(home), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let seen = '';
  const endpoint = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`akr local-cloud did not start: ${seen}`)), 90_000);
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /https?:\/\/127\.0\.0\.1:\d+/.exec(seen);
      if (match) {
        clearTimeout(timer);
        ready(match[0]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`akr local-cloud exited (${code}): ${seen}`));
    });
  });
  return {
    endpoint,
    banner: seen.split('\n').find((line) => line.includes(endpoint)) ?? '',
    async stop() {
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(killed);
    },
  };
}

/** `akr <args> --state-dir <stateDir>` with every AWS call sent to the served cloud. */
export function runAkrAgainst(endpoint: string, stateDir: string, home: string, args: readonly string[]) {
  const run = spawnSync(process.execPath, ['bin/akr.ts', ...args, '--state-dir', stateDir], {
    cwd: REPO_ROOT,
    env: akrEnv(home, { AWS_ENDPOINT_URL: endpoint }),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
