/**
 * What a user types first: `akr --version`, `akr --help`, and `akr` alone,
 * as the real process answers them. Asked-for help and the version are not
 * errors (exit 0, on stdout); `akr` without a command is bad input (exit 2,
 * the help on stderr).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ExitedProcess, runToExit } from './support/process-to-exit.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

function akr(args: readonly string[]): Promise<ExitedProcess> {
  return runToExit(process.execPath, ['bin/akr.ts', ...args], { cwd: REPO_ROOT });
}

describe('akr --version', () => {
  it.each([['--version'], ['-V']])(
    '%s prints the version in package.json and exits 0',
    async (flag) => {
      const run = await akr([flag]);

      expect(run).toEqual({ status: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
    },
    120_000,
  );
});

describe('akr --help', () => {
  it('lists the commands and --version on stdout, exit 0', async () => {
    const run = await akr(['--help']);

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: akr /);
    expect(run.stdout).toContain('-V, --version');
    expect(run.stdout).toMatch(/\n {2}rotate \[options]/);
    expect(run.stderr).toBe('');
  }, 120_000);

  it('of a command shows its options, exit 0', async () => {
    const run = await akr(['rotate', '--help']);

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: akr rotate /);
    expect(run.stdout).toContain('--principal <name>');
  }, 120_000);

  it('is what `akr` alone answers, as bad input: on stderr, exit 2', async () => {
    const run = await akr([]);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: akr /);
  }, 120_000);
});
