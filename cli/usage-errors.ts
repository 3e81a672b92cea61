/**
 * commander's own refusals (an unknown option or command, a required option
 * left out, an option without its value, an extra argument, no command at
 * all) are bad input like any other: `VALIDATION_ERROR` naming the option,
 * exit 2, and nothing has started. With `--json` the error is the one JSON
 * document on stdout, and the help commander would add is left out, so a
 * caller that reads both streams still parses it.
 */
import { type Command, CommanderError } from 'commander';
import { ValidationError } from '../lambdas/rotation/rotation-errors.ts';
import { type CliOutput, reportError } from './cli-output.ts';

/** Help asked for and the version: commander's own exit code (0). */
const NOT_AN_ERROR = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

export const USAGE_EXIT_CODE = 2;

function usageError(text: string): ValidationError {
  const message = text.trim().replace(/^error: /, '');
  const option = /'(--?[\w-]+)/.exec(message)?.[1];
  const field = option ?? (/unknown command/.test(message) ? 'command' : 'arguments');
  return new ValidationError(field, message);
}

/** commander keeps the arguments it parsed in `rawArgs`, which its typings leave out. */
function askedForJson(program: Command): boolean {
  return ((program as Command & { rawArgs?: string[] }).rawArgs ?? []).includes('--json');
}

/** Applied to the program before its commands are added, so every command inherits it. */
export function reportUsageErrors(program: Command, output: CliOutput): Command {
  return program
    .configureOutput({
      outputError: (text) => reportError(output, usageError(text), askedForJson(program)),
      // Only the help after an error reaches stderr this way; asked-for help goes to stdout.
      writeErr: (text) => {
        if (!askedForJson(program)) process.stderr.write(text);
      },
    })
    .exitOverride((error) => {
      // `akr` alone shows the help as commander's error (exit 1): a command is missing, so it is bad input too.
      if (NOT_AN_ERROR.has(error.code) && error.exitCode === 0) throw error;
      throw new CommanderError(USAGE_EXIT_CODE, error.code, error.message);
    });
}

/** For the entry point: a usage error has been printed already; only its exit code is left to set. */
export function exitCodeOfUsageError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  throw error;
}
