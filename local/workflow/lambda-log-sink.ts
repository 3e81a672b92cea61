/**
 * Where Lambda logs go on the local side: what CloudWatch Logs would hold in
 * AWS. They are appended to `<stateDir>/logs/lambda.log` and kept in memory for
 * the session, so the terminal shows only the rotation's progress and tests can
 * scan every log line.
 *
 * Powertools' Logger writes through the global console in dev mode
 * (`POWERTOOLS_DEV`), which is what lets this sink catch its lines.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export interface LambdaLogSink {
  readonly file: string;
  /** Every line written during this session. */
  readonly lines: readonly string[];
  restore(): void;
}

export function openLambdaLogSink(stateDir: string): LambdaLogSink {
  process.env.POWERTOOLS_DEV = 'true';
  const directory = join(stateDir, 'logs');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'lambda.log');
  const lines: string[] = [];
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const method of CONSOLE_METHODS) {
    console[method] = (...args: unknown[]) => {
      const line = format(...args);
      lines.push(line);
      appendFileSync(file, `${line}\n`);
    };
  }
  return {
    file,
    lines,
    restore: () => {
      for (const [method, original] of originals) console[method] = original;
    },
  };
}
