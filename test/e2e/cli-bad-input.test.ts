/**
 * Bad input on every command, as a user types it: the real `akr` process,
 * over a state directory that already holds a rotation. Each refusal is
 * `VALIDATION_ERROR` naming the option, exit 2 (a JSON error with --json),
 * and the state directory is byte for byte what it was: no execution
 * started, no cloud change, no file written.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalRotator } from '../../local/local-rotation.ts';
import { type ExitedProcess as Run, runToExit } from './support/process-to-exit.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:AwsRotation';
const UNSET = [
  'AWS_ENDPOINT_URL',
  'AKR_STATE_MACHINE_ARN',
  'AKR_FLEET_STATE_MACHINE_ARN',
  'AKR_REACTIVATE_FUNCTION_NAME',
  'AKR_EVIDENCE_BUCKET',
];
let root: string;
let stateDir: string;

function akr(args: readonly string[]): Promise<Run> {
  const env = { ...process.env };
  for (const name of UNSET) delete env[name];
  // The state directory goes first, so a row can end with an option that lacks its value.
  const [command = '', ...rest] = args;
  const state = command === 'diagram' ? [] : ['--state-dir', stateDir]; // diagram reads no state
  return runToExit(process.execPath, ['bin/akr.ts', command, ...state, ...rest], { cwd: REPO_ROOT, env });
}

/** Every file under the state directory with its content hash, and every folder (SQLite housekeeping aside). */
function snapshot(directory: string): string[] {
  const entries: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) {
        entries.push(`${relative(stateDir, full)}/`);
        walk(full);
      } else if (name.endsWith('-shm') || (name.endsWith('-wal') && statSync(full).size === 0)) {
        // SQLite's shared-memory index and an empty write-ahead log: opening the store makes them, they hold no state.
      } else {
        const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
        entries.push(`${relative(stateDir, full)} ${hash}`);
      }
    }
  };
  walk(directory);
  return entries.sort();
}

/** Each row: the arguments, and the option (or `arguments`, `command`) its refusal must name. */
const BAD_INPUT: readonly (readonly [readonly string[], string])[] = [
  // fleet
  [['fleet', '--local', '--grace', '400d'], '--grace'],
  [['fleet', '--local', '--grace', '200d', '--deletion-delay', '200d'], '--grace'],
  [['fleet', '--local', '--deletion-delay', '99999999999999999999d'], '--deletion-delay'],
  [['fleet', '--local', '--grace', '5 s'], '--grace'],
  [['fleet', '--local', '--max-key-age-days', '0x10'], '--max-key-age-days'],
  [['fleet', '--local', '--max-key-age-days', '1e2'], '--max-key-age-days'],
  [['fleet', '--local', '--max-key-age-days', '4000'], '--max-key-age-days'],
  [['fleet', '--local', '--dry-run', '--name', 'a/b'], '--name'],
  [['fleet', '--local', '--provider', 'gcp'], '--provider'],
  [['fleet', '--state-machine-arn', 'arn:fleet'], '--state-machine-arn'],
  [['fleet'], '--state-machine-arn'],
  // evidence
  [['evidence', '--local', '--since', '2026-02-30'], '--since'],
  [['evidence', '--local', '--since', '2026-11-31T10:00:00Z'], '--since'],
  [['evidence', '--local', '--since', '99999999999999999d'], '--since'],
  [['evidence', '--local', '--max-key-age-days', '1e2'], '--max-key-age-days'],
  [['evidence', '--local', '--format', 'pdf'], '--format'],
  [['evidence', '--local', '--out', '<state>/cloud.json'], '--out'],
  [['evidence', '--local', '--out', '<state>/evidence/report.json'], '--out'],
  [['evidence', '--local', '--out', '<state>/../state/executions'], '--out'],
  [['evidence', '--state-machine-arn', 'WorkflowStateMachine'], '--state-machine-arn'],
  [['evidence'], '--state-machine-arn'],
  // rollback
  [['rollback', '--local', '--principal', 'a b'], '--principal'],
  [['rollback', '--local', '--principal', 'x'.repeat(129)], '--principal'],
  [['rollback', '--local'], '--principal'],
  [['rollback', '--principal', 'kim'], '--state-machine-arn'],
  [['rollback', '--principal', 'kim', '--state-machine-arn', 'arn:bad'], '--state-machine-arn'],
  [['rollback', '--principal', 'kim', '--state-machine-arn', ARN], '--reactivate-function'],
  [['rollback', '--local', '--principal', 'kim', '--reactivate-function', 'a b'], '--reactivate-function'],
  // status
  [['status', '--local', '--principal', 'a b'], '--principal'],
  [['status'], '--state-machine-arn'],
  [['status', '--state-machine-arn', 'arn:aws:states:us-east-1:1:stateMachine:x'], '--state-machine-arn'],
  // rotate
  [['rotate', '--local', '--principal', 'kim', '--grace', '1.5h'], '--grace'],
  [['rotate', '--local'], '--principal'],
  [['rotate', '--local', '--principal'], '--principal'],
  [['rotate', '--principal', 'kim', '--state-machine-arn', 'bad'], '--state-machine-arn'],
  [['rotate', '--local', '--principal', 'kim', '--bogus'], '--bogus'],
  [['rotate', '--local', '--principal', 'kim', 'extra'], 'arguments'],
  // commander's other refusals: a short option, a misspelt one, no such command
  [['status', '--local', '-x'], '-x'],
  [['evidence', '--local', '--formt', 'md'], '--formt'],
  [['rotat', '--local', '--principal', 'kim'], 'command'],
  // local-cloud and diagram
  [['local-cloud', '--port', '0x50'], '--port'],
  [['local-cloud', '--port', '70000'], '--port'],
  [['local-cloud', '--account', '12345'], '--account'],
  // the state holds ARNs of the default account: it cannot be served as another
  [['local-cloud', '--account', '123456789012'], '--account'],
  [['diagram', '--verbose'], '--verbose'],
];

/** The same refusals with --json: one JSON error document on stdout. */
const BAD_INPUT_JSON: readonly (readonly [readonly string[], string])[] = [
  [['fleet', '--local', '--dry-run', '--json', '--grace', 'soon'], '--grace'],
  [['rollback', '--local', '--json', '--principal', 'a/b'], '--principal'],
  [['rollback', '--local', '--json'], '--principal'],
  [['status', '--local', '--json', '--principal', 'x y'], '--principal'],
  [['rotate', '--local', '--json', '--principal', 'kim', '--name', 'a b'], '--name'],
  // commander's own refusals: unknown option, extra argument, option without its value, no such command
  [['rotate', '--local', '--json', '--principal', 'kim', '--bogus'], '--bogus'],
  [['rotate', '--local', '--json', '--principal', 'kim', 'extra'], 'arguments'],
  [['status', '--local', '--json', '--principal'], '--principal'],
  [['rotat', '--local', '--json'], 'command'],
];

/** Two at a time (the cores CI has): each is a whole Node process. */
const AT_ONCE = 2;

async function runAll(rows: readonly (readonly [readonly string[], string])[]): Promise<Run[]> {
  const results: Run[] = [];
  for (let start = 0; start < rows.length; start += AT_ONCE) {
    const batch = rows
      .slice(start, start + AT_ONCE)
      .map(([args]) => akr(args.map((arg) => arg.replace('<state>', stateDir))));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'akr-bad-input-'));
  stateDir = join(root, 'state');
  const cloud = await startLocalCloud({ stateDir });
  seedIamUser(cloud, {
    userName: 'kim',
    keys: [{ ageDays: 95 }],
    managedSecret: { name: 'access-key-rotator/aws/kim', keyIndex: 0 },
  });
  await cloud.close();
  delete process.env.AWS_ENDPOINT_URL;
  const rotator = await openLocalRotator(stateDir);
  try {
    await rotator.rotate({
      input: { principal: 'kim', gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
      name: 'kim-before',
    });
  } finally {
    await rotator.close();
  }
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bad input on every command', () => {
  it('is refused with VALIDATION_ERROR naming the option, exit 2, and the state directory unchanged', async () => {
    const before = snapshot(stateDir);
    expect(before.some((entry) => entry.startsWith('executions/'))).toBe(true);

    const results = await runAll(BAD_INPUT);

    const seen = results.map((run, index) => ({
      args: BAD_INPUT[index]?.[0].join(' '),
      status: run.status,
      option: /error VALIDATION_ERROR: ([\w-]+):/.exec(run.stderr)?.[1],
    }));
    expect(seen).toEqual(BAD_INPUT.map(([args, option]) => ({ args: args.join(' '), status: 2, option })));
    expect(snapshot(stateDir)).toEqual(before);
  }, 600_000);

  it('is one JSON error document on stdout with --json', async () => {
    const before = snapshot(stateDir);

    const results = await runAll(BAD_INPUT_JSON);

    for (const [index, run] of results.entries()) {
      const option = BAD_INPUT_JSON[index]?.[1];
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr, 'nothing beside the JSON, not even the help').toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        error: { code: 'VALIDATION_ERROR', message: expect.stringMatching(new RegExp(`^${option}: `)) },
      });
    }
    expect(snapshot(stateDir)).toEqual(before);
  }, 600_000);

  it('akr evidence reads the state and writes none of it', async () => {
    const before = snapshot(stateDir);
    const out = join(root, 'report.md');

    const run = await akr(['evidence', '--local', '--out', out]);

    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('kim');
    expect(snapshot(stateDir)).toEqual(before);
  }, 600_000);
});
