/**
 * SIGINT and SIGTERM while a local rotation runs: instead of dying with the
 * principal locked and nothing said, the run stops where it is, records that
 * (the execution stays RUNNING, marked interrupted) and says how to go on.
 * A second signal exits at once; the record already says where it stopped.
 */

import { type NextCommandsFor, nextCommands } from '../local/interrupted/next-commands.ts';
import type { CliOutput } from './cli-output.ts';

const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface InterruptWatch {
  /** Aborted, with the signal's name as reason, on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  dispose(): void;
}

export function watchInterrupts(): InterruptWatch {
  const controller = new AbortController();
  const listeners = SIGNALS.map((name) => {
    const listener = () => {
      if (controller.signal.aborted) process.exit(EXIT_CODES[String(controller.signal.reason)] ?? 1);
      controller.abort(name);
    };
    process.on(name, listener);
    return [name, listener] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, listener] of listeners) process.off(name, listener);
    },
  };
}

/** The shell's convention: 128 + the signal number. */
export function interruptedExitCode(signal: string | undefined): number {
  return EXIT_CODES[signal ?? ''] ?? 1;
}

export function printInterrupted(
  output: CliOutput,
  execution: NextCommandsFor & { readonly state: string | undefined; readonly signal: string | undefined },
): void {
  const commands = nextCommands(execution);
  output.line(
    `■ interrupted by ${execution.signal ?? 'a signal'} in ${execution.state ?? 'its first step'}: ` +
      `execution ${execution.name} is kept, and ${execution.principal ?? 'the principal'} stays locked until it is resumed or aborted`,
  );
  output.line(`  next: ${commands.resume}   (finish it from where it stopped)`);
  output.line(
    `    or: ${commands.abort}   (before Publish: roll it back; after Publish: end it with both keys usable)`,
  );
}
