/**
 * The countdown under a Wait, driven by fake timers on a fake terminal: one
 * frame a second, redrawn in place, erased when the wait ends, and nothing at
 * all off a TTY, so piped and `--json` output stay what they were.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliOutput } from '../../cli/cli-output.ts';
import { RotationProgress } from '../../cli/rotation-progress.ts';
import { CLEAR_LINE, formatRemaining, terminalCountdown, WaitCountdown } from '../../cli/wait-countdown.ts';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';

const ENTERED_AT = Date.parse('2026-11-23T10:00:00.000Z');

const event = (type: string, stateName: string, stateType: string, at: number, extra = {}): HistoryEvent => ({
  timestamp: new Date(at).toISOString(),
  type,
  stateName,
  stateType,
  ...extra,
});

/** One log of everything the user's terminal receives, lines and in-place frames in order. */
function terminal(isTTY: boolean): { output: CliOutput; screen: string[] } {
  const screen: string[] = [];
  return {
    screen,
    output: {
      line: (text) => screen.push(`${text}\n`),
      error: (text) => screen.push(`${text}\n`),
      terminal: { isTTY, write: (text) => screen.push(text) },
    },
  };
}

/** WaitGrace of `seconds`, then CheckOldKeyUse, as the runner reports them `seconds` later. */
function graceThenCheck(progress: RotationProgress, seconds: number): void {
  progress.onEvent(
    event('StateEntered', 'WaitGrace', 'Wait', ENTERED_AT, {
      input: { plan: { provider: 'aws', graceWaitSeconds: seconds } },
    }),
  );
  vi.advanceTimersByTime(seconds * 1000);
  const end = ENTERED_AT + seconds * 1000;
  progress.onEvent(event('StateExited', 'WaitGrace', 'Wait', end));
  progress.onEvent(event('StateEntered', 'CheckOldKeyUse', 'Task', end));
  progress.onEvent(
    event('StateExited', 'CheckOldKeyUse', 'Task', end, {
      output: { plan: { oldKeyId: 'AKIAOLD' }, usage: { decision: 'RETIRE' } },
    }),
  );
}

beforeEach(() => {
  vi.useFakeTimers({ now: ENTERED_AT });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a wait on a TTY', () => {
  it('counts down once a second in place, then erases its line before the next step', () => {
    const { output, screen } = terminal(true);
    const progress = new RotationProgress(output, terminalCountdown(output));

    graceThenCheck(progress, 5);

    expect(screen).toEqual([
      '… grace period: waiting 5 s (until 2026-11-23T10:00:05.000Z)\n',
      `${CLEAR_LINE}  ⏳ grace period: 5s left`,
      `${CLEAR_LINE}  ⏳ grace period: 4s left`,
      `${CLEAR_LINE}  ⏳ grace period: 3s left`,
      `${CLEAR_LINE}  ⏳ grace period: 2s left`,
      `${CLEAR_LINE}  ⏳ grace period: 1s left`,
      `${CLEAR_LINE}  ⏳ grace period: 0s left`,
      CLEAR_LINE,
      '✓ check old key use (0 ms): old key last used: never → retire\n',
    ]);
    expect(vi.getTimerCount(), 'no timer left once the wait ended').toBe(0);
  });

  it('counts from what is left when the wait was entered earlier (a followed remote execution)', () => {
    const { output, screen } = terminal(true);
    const progress = new RotationProgress(output, terminalCountdown(output));
    vi.setSystemTime(ENTERED_AT + 3_600_000 - 61_000);

    progress.onEvent(
      event('StateEntered', 'WaitDeletion', 'Wait', ENTERED_AT, {
        input: { plan: { deletionDelaySeconds: 3600 } },
      }),
    );
    vi.advanceTimersByTime(1000);
    progress.stop();

    expect(screen.slice(1)).toEqual([
      `${CLEAR_LINE}  ⏳ deletion delay: 1m 01s left`,
      `${CLEAR_LINE}  ⏳ deletion delay: 1m 00s left`,
      CLEAR_LINE,
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('draws nothing for a wait that is already over when its event arrives', () => {
    const { output, screen } = terminal(true);
    const progress = new RotationProgress(output, terminalCountdown(output));
    vi.setSystemTime(ENTERED_AT + 10_000);

    progress.onEvent(
      event('StateEntered', 'WaitGrace', 'Wait', ENTERED_AT, { input: { plan: { graceWaitSeconds: 5 } } }),
    );

    expect(screen).toEqual(['… grace period: waiting 5 s (until 2026-11-23T10:00:05.000Z)\n']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is stopped by stop() when the run ends inside the wait (interrupted), line erased, timer gone', () => {
    const { output, screen } = terminal(true);
    const progress = new RotationProgress(output, terminalCountdown(output));
    progress.onEvent(
      event('StateEntered', 'WaitGrace', 'Wait', ENTERED_AT, { input: { plan: { graceWaitSeconds: 600 } } }),
    );
    vi.advanceTimersByTime(2000);

    progress.stop();
    output.line('■ interrupted by SIGINT in WaitGrace');

    expect(screen.slice(-3)).toEqual([
      `${CLEAR_LINE}  ⏳ grace period: 9m 58s left`,
      CLEAR_LINE,
      '■ interrupted by SIGINT in WaitGrace\n',
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('off a TTY', () => {
  it.each([
    ['a pipe', terminal(false).output, false],
    ['--json on a TTY', terminal(true).output, true],
    ['captured output', { line: () => undefined, error: () => undefined }, false],
  ])('there is no countdown: %s', (_case, output: CliOutput, json) => {
    expect(terminalCountdown(output, json)).toBeUndefined();
  });

  it('the lines are exactly those without a countdown', () => {
    const piped = terminal(false);
    const plain = terminal(false);

    graceThenCheck(new RotationProgress(piped.output, terminalCountdown(piped.output)), 3);
    graceThenCheck(new RotationProgress({ line: plain.output.line, error: plain.output.error }), 3);

    expect(piped.screen).toEqual(plain.screen);
    expect(piped.screen.join('')).not.toContain('\r');
  });
});

describe('the remaining time', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [61, '1m 01s'],
    [3600, '1h 00m 00s'],
    [7 * 86_400 - 1, '6d 23h 59m 59s'],
  ])('%i s reads %s', (seconds, text) => {
    expect(formatRemaining(seconds)).toBe(text);
  });
});

describe('the real clock', () => {
  it('never keeps the process alive: a countdown left running does not hold up exit', () => {
    vi.useRealTimers();
    const module = resolve(import.meta.dirname, '../../cli/wait-countdown.ts');
    const script = `import { WaitCountdown } from ${JSON.stringify(module)};
      new WaitCountdown({ isTTY: true, write: () => true }).start('grace period', Date.now() + 3_600_000);`;

    // A timer that held the process would run for the hour, until this timeout kills it (status null).
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });

    expect(run.status, run.stderr).toBe(0);
  });
});

describe('WaitCountdown alone', () => {
  it('a second start replaces the first: one timer, its line redrawn', () => {
    const screen: string[] = [];
    const countdown = new WaitCountdown({ isTTY: true, write: (text) => screen.push(text) });

    countdown.start('grace period', ENTERED_AT + 5000);
    countdown.start('deletion delay', ENTERED_AT + 2000);
    vi.advanceTimersByTime(1000);
    countdown.stop();
    countdown.stop();

    expect(screen).toEqual([
      `${CLEAR_LINE}  ⏳ grace period: 5s left`,
      CLEAR_LINE,
      `${CLEAR_LINE}  ⏳ deletion delay: 2s left`,
      `${CLEAR_LINE}  ⏳ deletion delay: 1s left`,
      CLEAR_LINE,
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
