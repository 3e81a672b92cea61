/**
 * A wait of days looks like a hung terminal. On a TTY, while a Wait state
 * runs, one line under its `… waiting` line counts down in place, once a
 * second, and is erased when the wait ends, so what stays on screen is what
 * a pipe, CI or `--json` gets, unchanged. The stream and the clock are
 * passed in, so a test can drive the frames with fake timers.
 */

/** Where the frames go: a terminal (`isTTY`), or nothing is drawn. */
export interface CountdownStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface CountdownClock {
  now(): number;
  every(ms: number, tick: () => void): { stop(): void };
}

/** The real clock; its timer is unref'd, so a countdown never keeps the process alive. */
export const systemClock: CountdownClock = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  },
};

/** Carriage return, then erase the whole line (ECMA-48 EL 2). */
export const CLEAR_LINE = '\r\x1b[2K';

/** `4s`, `2m 05s`, `3h 02m 05s`, `6d 23h 59m 59s`: every field, so the line changes each second. */
export function formatRemaining(totalSeconds: number): string {
  const seconds = Math.max(0, totalSeconds);
  const parts = [
    Math.floor(seconds / 86_400),
    Math.floor(seconds / 3600) % 24,
    Math.floor(seconds / 60) % 60,
  ];
  const [days = 0, hours = 0, minutes = 0] = parts;
  const pad = (value: number) => String(value).padStart(2, '0');
  const s = seconds % 60;
  if (days > 0) return `${days}d ${pad(hours)}h ${pad(minutes)}m ${pad(s)}s`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(s)}s`;
  if (minutes > 0) return `${minutes}m ${pad(s)}s`;
  return `${s}s`;
}

export class WaitCountdown {
  private running: { stop(): void } | undefined;
  private readonly stream: CountdownStream;
  private readonly clock: CountdownClock;

  constructor(stream: CountdownStream, clock: CountdownClock = systemClock) {
    this.stream = stream;
    this.clock = clock;
  }

  /** Draws `… <title>: <n>s left` until stop(); nothing when the wait is already over. */
  start(title: string, untilMs: number): void {
    this.stop();
    if (untilMs <= this.clock.now()) return;
    const draw = () => {
      const left = Math.ceil((untilMs - this.clock.now()) / 1000);
      this.stream.write(`${CLEAR_LINE}  ⏳ ${title}: ${formatRemaining(left)} left`);
    };
    draw();
    this.running = this.clock.every(1000, draw);
  }

  /** Ends the countdown and erases its line, so the next line prints where it was. */
  stop(): void {
    if (!this.running) return;
    this.running.stop();
    this.running = undefined;
    this.stream.write(CLEAR_LINE);
  }
}

/** A countdown on the terminal the lines go to; none when that is not a TTY, or captured, or the output is JSON. */
export function terminalCountdown(
  output: { readonly terminal?: CountdownStream },
  json?: boolean,
): WaitCountdown | undefined {
  return !json && output.terminal?.isTTY ? new WaitCountdown(output.terminal) : undefined;
}
