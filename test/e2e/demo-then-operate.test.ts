/**
 * `npm run demo` (its script, `node bin/demo.ts`) in a fresh checkout's
 * working directory, then the README's Operate commands typed as they are
 * written, without `--state-dir`: they read `.akr`, and they see the demo's
 * rotations. A `.akr` that holds someone's own state is never the demo's to
 * replace: the demo refuses, and every byte stays.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORLD_MARKER } from '../../cli/demo/demo-world.ts';
import { type ExitedProcess, runToExit } from './support/process-to-exit.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
let root: string;

/** `node <repo>/<script> …args` with `cwd` as the working directory, as `npm run` / `npx` would start it there. */
function node(cwd: string, script: string, args: readonly string[] = []): Promise<ExitedProcess> {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  return runToExit(process.execPath, [join(REPO_ROOT, script), ...args], { cwd, env, killAfterMs: 240_000 });
}

const akr = (cwd: string, args: readonly string[]) => node(cwd, 'bin/akr.ts', args);

function snapshot(directory: string): string[] {
  const entries: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else
        entries.push(
          `${relative(directory, full)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`,
        );
    }
  };
  walk(directory);
  return entries.sort();
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'akr-demo-operate-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the README Operate commands right after npm run demo', () => {
  it('read the demo world in .akr: evidence of its rotations, the fleet that just ran, status', async () => {
    const checkout = join(root, 'checkout');
    mkdirSync(checkout);

    const demo = await node(checkout, 'bin/demo.ts');

    expect(demo.status, demo.stdout + demo.stderr).toBe(0);
    expect(existsSync(join(checkout, '.akr', DEMO_WORLD_MARKER))).toBe(true);
    expect(existsSync(join(checkout, '.akr', 'demo')), 'no world of its own apart').toBe(false);
    expect(demo.stdout).toContain('  npx akr evidence --local\n');
    expect(demo.stdout).not.toContain('--state-dir');

    const [evidence, fleet] = await Promise.all([
      akr(checkout, ['evidence', '--local', '--format', 'json']),
      akr(checkout, ['fleet', '--local', '--dry-run', '--json']),
    ]);
    const status = await akr(checkout, ['status', '--local']);

    // Written, and exit 1: the demo's member without a role is an unreadable account, a finding of its own.
    expect(evidence.status, evidence.stderr).toBe(1);
    const report = JSON.parse(evidence.stdout) as {
      records: { principal: string; provider: string; status: string }[];
      accounts: { account: string; status: string }[];
    };
    expect(
      report.records.map(({ provider, principal, status }) => `${provider}/${principal} ${status}`).sort(),
    ).toEqual([
      'aws/111111111111/pay-frank SUCCEEDED',
      'aws/demo-alice SUCCEEDED',
      'aws/fleet-bob SUCCEEDED',
      'aws/fleet-carol SUCCEEDED',
      'yandex/ajedemoserviceacct01 SUCCEEDED',
    ]);
    expect(report.accounts.map((a) => `${a.account} ${a.status}`)).toEqual([
      '000000000000 READ',
      '111111111111 READ',
      '222222222222 UNREADABLE',
    ]);
    expect(fleet.status, fleet.stderr).toBe(0);
    const discovered = JSON.stringify(JSON.parse(fleet.stdout));
    for (const user of ['demo-alice', 'fleet-bob', 'fleet-carol', 'fleet-dan', 'fleet-erin'])
      expect(discovered, 'the dry run finds the demo users').toContain(user);
    expect(discovered, 'the demo rotated every due user: none is due now').toContain('"dueCount":0');
    expect(discovered).toContain('"dueDetails":[]');
    expect(status.status, status.stderr).toBe(0);
    // Running the demo again over its own world: prepareDemoWorld's test (test/cli/demo/demo-world.test.ts).
  }, 600_000);

  it('leave a .akr holding other state alone: the demo refuses, says how to go on, changes nothing', async () => {
    const checkout = join(root, 'own-state');
    const stateDir = join(checkout, '.akr');
    mkdirSync(join(stateDir, 'executions'), { recursive: true });
    mkdirSync(join(stateDir, 'evidence'));
    const own = [
      ['executions/alice-2026-12-01.json', '{"name":"alice-2026-12-01"}'],
      ['evidence/alice-2026-12-01.json', '{"rotationId":"alice-2026-12-01"}'],
      ['cloud.db', 'not a real database, and never opened'],
    ];
    for (const [path, text] of own) writeFileSync(join(stateDir, path as string), text as string);
    const before = snapshot(stateDir);

    const demo = await node(checkout, 'bin/demo.ts');

    expect(demo.status).toBe(1);
    expect(demo.stderr).toContain('.akr/ holds local state the demo did not make (1 execution');
    expect(demo.stderr).toContain('npm run demo -- --state-dir <dir>');
    expect(snapshot(stateDir)).toEqual(before);
  }, 120_000);
});
