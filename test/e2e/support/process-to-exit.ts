/**
 * A real process run to its end with both streams kept apart: what a user's
 * terminal or a script reading stdout would get. Killed if it outlives
 * `killAfterMs`, so a hung child fails its test instead of stalling the run.
 */
import { spawn } from 'node:child_process';

export interface ExitedProcess {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runToExit(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv; readonly killAfterMs?: number },
): Promise<ExitedProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
  return new Promise((done) =>
    child.on('close', (status) => {
      clearTimeout(killer);
      done({ status, stdout, stderr });
    }),
  );
}
