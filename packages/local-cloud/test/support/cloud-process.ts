/**
 * The parent's side of served-cloud-process.ts: starts the process and
 * resolves with its endpoint once it listens.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const SERVED = resolve(import.meta.dirname, 'served-cloud-process.ts');

export interface CloudProcess {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export function startCloudProcess(stateDir: string, accountId: string): Promise<CloudProcess> {
  const child = spawn(process.execPath, [SERVED, stateDir, accountId], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`cloud process exited ${code}: ${stderr.slice(-2000)}`)));
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
      if (!line.startsWith('ENDPOINT ')) return;
      ready({
        endpoint: line.slice('ENDPOINT '.length),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
