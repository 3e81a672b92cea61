/**
 * Where Lambda logs go on the local side: what CloudWatch Logs would hold in
 * AWS. Lines are appended to `<stateDir>/logs/lambda.log` and kept in memory
 * for the session, so the terminal shows only the rotation's progress and the
 * tests can scan every log line.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDirectory, PRIVATE_FILE_MODE } from '../private-files.ts';

export interface LambdaLogSink {
  readonly file: string;
  /** Every line written during this session. */
  readonly lines: readonly string[];
  write(line: string): void;
}

export function openLambdaLogSink(stateDir: string): LambdaLogSink {
  const directory = join(stateDir, 'logs');
  makePrivateDirectory(directory);
  const file = join(directory, 'lambda.log');
  const lines: string[] = [];
  return {
    file,
    lines,
    write(line) {
      lines.push(line);
      // One append per line: lines of several processes interleave whole, none is lost.
      appendFileSync(file, `${line}\n`, { mode: PRIVATE_FILE_MODE });
    },
  };
}
