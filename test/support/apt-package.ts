/**
 * A Debian package a test needs, installed in the test's set-up when missing:
 * `apt-get install -y`, waiting for another apt or dpkg run to release its
 * lock instead of failing on it (two test files may install at once), and
 * after `apt-get update` if the first try fails (stale package lists).
 *
 * When that is impossible it throws a clear error: the test must fail then,
 * never skip, since a skipped test proves nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface AptPackage {
  /** The Debian package, e.g. `chromium`. */
  readonly name: string;
  /** The absolute path it installs the binary to, e.g. `/usr/bin/chromium`. */
  readonly binary: string;
  /** What the test needs it for, to say so when it cannot be had. */
  readonly neededFor: string;
}

export type CommandRunner = (command: string, args: string[]) => { status: number | null; output: string };

/** How long apt-get waits for another apt or dpkg run's lock, in seconds. */
export const APT_LOCK_TIMEOUT_SECONDS = 600;
const APT_GET = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_SECONDS}`];

const runCommand: CommandRunner = (command, args) => {
  const run = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 900_000,
  });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}` };
};

/** @returns the binary's path. @throws Error when the package cannot be installed. */
export function ensureAptPackage(
  wanted: AptPackage,
  run: CommandRunner = runCommand,
  exists: (path: string) => boolean = existsSync,
): string {
  if (exists(wanted.binary)) return wanted.binary;
  const install = [...APT_GET, 'install', '-y', wanted.name];
  let attempt = run('apt-get', install);
  if (attempt.status !== 0) {
    run('apt-get', [...APT_GET, 'update']);
    attempt = run('apt-get', install);
  }
  if (attempt.status !== 0 || !exists(wanted.binary))
    throw new Error(
      `${wanted.binary} (Debian package ${wanted.name}) is needed ${wanted.neededFor} and could not be ` +
        `installed (apt-get install -y ${wanted.name}, as root): ${attempt.output.slice(-600)}`,
    );
  return wanted.binary;
}
