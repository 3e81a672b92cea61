/**
 * The local execution histories under several processes: an execution name
 * is taken by exactly one of them, and files are the owner's alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionHistoryStore } from '../../local/workflow/execution-history-store.ts';

const STORE = resolve(import.meta.dirname, '../../local/workflow/execution-history-store.ts');

/** A separate process that creates execution `name` and prints `created` or the error's name. */
function createInAnotherProcess(stateDir: string, name: string, writer: number): Promise<string> {
  const script = `
    import { ExecutionHistoryStore } from ${JSON.stringify(STORE)};
    try {
      new ExecutionHistoryStore(${JSON.stringify(stateDir)}).create({
        executionArn: 'arn:x', stateMachineArn: 'arn:y', name: ${JSON.stringify(name)}, status: 'RUNNING',
        input: { writer: ${writer} }, startDate: new Date().toISOString(), events: [],
      });
      console.log('created');
    } catch (error) { console.log(error.name); }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((done) => child.on('exit', () => done(stdout.trim())));
}

describe('ExecutionHistoryStore across processes', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives an execution name to exactly one of 6 processes creating it at once, in a 0700 folder, 0600 file', async () => {
    // Prepare
    const stateDir = join(mkdtempSync(join(tmpdir(), 'akr-histories-')), '.akr');
    dirs.push(resolve(stateDir, '..'));

    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, writer) => createInAnotherProcess(stateDir, 'same-name', writer)),
    );

    // Assess
    expect(outcomes.sort()).toEqual([
      'ExecutionAlreadyExistsError',
      'ExecutionAlreadyExistsError',
      'ExecutionAlreadyExistsError',
      'ExecutionAlreadyExistsError',
      'ExecutionAlreadyExistsError',
      'created',
    ]);
    const store = new ExecutionHistoryStore(stateDir);
    expect(store.list().map((record) => record.name)).toEqual(['same-name']);
    expect(readdirSync(store.directory)).toEqual(['same-name.json']);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(store.directory, 'same-name.json')).mode & 0o777).toBe(0o600);
  });
});
