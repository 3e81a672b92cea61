/**
 * Where commands write, so tests can capture everything a user would see and
 * scan it for secrets. Errors are rendered as `{ code, message }`.
 */
import { RotatorError } from '../lambdas/rotation/rotation-errors.ts';

export interface CliOutput {
  line(text: string): void;
  error(text: string): void;
  /** Where `line` writes, for what is drawn in place (a countdown); absent when the output is captured. */
  readonly terminal?: { readonly isTTY?: boolean; write(text: string): unknown };
}

export const processOutput: CliOutput = {
  line: (text) => process.stdout.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
  terminal: process.stdout,
};

export interface CliErrorBody {
  readonly code: string;
  readonly message: string;
}

/** Bad input exits 2; anything else that went wrong exits 1. */
export function exitCodeFor(error: CliErrorBody): number {
  return error.code === 'VALIDATION_ERROR' ? 2 : 1;
}

export function errorBody(error: unknown): CliErrorBody {
  if (error instanceof RotatorError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { code: 'Error', message: String(error) };
}

export function reportError(output: CliOutput, error: unknown, json: boolean): number {
  const body = errorBody(error);
  if (json) output.line(JSON.stringify({ error: body }));
  else output.error(`error ${body.code}: ${body.message}`);
  return exitCodeFor(body);
}
