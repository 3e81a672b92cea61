/**
 * `akr rotate --local` on a real terminal: util-linux `script` gives the
 * process a pseudo-terminal, so its stdout is a TTY as in a shell. The grace
 * wait counts down in place; Ctrl+C, typed into that terminal, still stops
 * the run at once with exit 130, the countdown erased before the
 * interrupted message. Through a pipe the same command draws nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedIamUser, startLocalCloud } from '@access-key-rotator/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAR_LINE } from '../../cli/wait-countdown.ts';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
let root: string;
let stateDir: string;

interface Session {
  /** Everything the terminal showed so far. */
  screen(): string;
  /** Resolves once the screen matches. */
  shows(pattern: RegExp): Promise<void>;
  type(text: string): void;
  exited: Promise<number | null>;
}

/** `akr` with `args`, on a pseudo-terminal (`tty`) or through pipes. */
function akr(args: readonly string[], tty: boolean): Session {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL;
  const argv = [process.execPath, 'bin/akr.ts', ...args, '--state-dir', stateDir];
  // `script -e` exits with the command's own exit code; -f writes each frame as it comes.
  const child = tty
    ? spawn('script', ['-qfec', argv.map((arg) => `'${arg}'`).join(' '), '/dev/null'], {
        cwd: REPO_ROOT,
        env,
      })
    : spawn(argv[0] as string, argv.slice(1), { cwd: REPO_ROOT, env });
  let text = '';
  const watchers: { pattern: RegExp; done: () => void }[] = [];
  const collect = (chunk: Buffer) => {
    text += chunk;
    for (const watcher of watchers.filter(({ pattern }) => pattern.test(text))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.done();
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const killer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return {
    screen: () => text,
    shows: (pattern) =>
      pattern.test(text) ? Promise.resolve() : new Promise((done) => watchers.push({ pattern, done })),
    type: (input) => child.stdin.write(input),
    exited: new Promise((done) =>
      child.on('close', (code) => {
        clearTimeout(killer);
        done(code);
      }),
    ),
  };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'akr-countdown-'));
  stateDir = join(root, 'state');
  const cloud = await startLocalCloud({ stateDir });
  for (const userName of ['tty-kim', 'pipe-lee'])
    seedIamUser(cloud, {
      userName,
      tags: OPTED_IN_TAGS,
      keys: [{ ageDays: 95 }],
      managedSecret: { name: `access-key-rotator/aws/${userName}`, keyIndex: 0 },
    });
  await cloud.close();
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a wait on a terminal', () => {
  it('counts down in place, and Ctrl+C still stops the run promptly with exit 130', async () => {
    const session = akr(['rotate', '--local', '--principal', 'tty-kim', '--grace', '1h'], true);

    await session.shows(/grace period: 59m 59s left/);
    await session.shows(/grace period: 59m 58s left/);
    session.type('\x03'); // Ctrl+C: the terminal sends SIGINT to the foreground process
    const exited = await Promise.race([
      session.exited,
      new Promise<'still running'>((done) => setTimeout(() => done('still running'), 20_000).unref()),
    ]);

    const screen = session.screen();
    expect(exited, screen).toBe(130);
    expect(screen).toContain('… grace period: waiting 1 h (until ');
    expect(screen).toContain(`${CLEAR_LINE}  ⏳ grace period: 59m 59s left`);
    expect(screen, 'the countdown erased before the message').toContain(
      `${CLEAR_LINE}■ interrupted by SIGINT in WaitGrace`,
    );
    expect(screen.slice(screen.indexOf('■ interrupted')), 'no frame after the wait ended').not.toContain(
      '⏳',
    );
  }, 180_000);
});

describe('a wait through a pipe', () => {
  it('prints the same lines as always: no countdown, no control characters', async () => {
    const session = akr(
      ['rotate', '--local', '--principal', 'pipe-lee', '--grace', '2s', '--deletion-delay', '1s'],
      false,
    );

    const code = await session.exited;

    const screen = session.screen();
    expect(code, screen).toBe(0);
    expect(screen).toContain('… grace period: waiting 2 s (until ');
    expect(screen).toContain('… deletion delay: waiting 1 s (until ');
    for (const drawn of ['\r', '\x1b', '⏳']) expect(screen).not.toContain(drawn);
  }, 180_000);
});
