/**
 * Where Lambda logs go on the local side: what CloudWatch Logs would hold in
 * AWS. Lines are appended to `<stateDir>/logs/lambda.log` and the first
 * MAX_KEPT_LINES are kept in memory for the session, so the terminal shows
 * only the rotation's progress and the tests can scan every log line, while
 * a fleet of 20,000 rotations (some 160,000 lines) does not hold its whole
 * log in memory: the file has every line.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDirectory, PRIVATE_FILE_MODE } from '../private-files.ts';

export const MAX_KEPT_LINES = 20_000;

export interface LambdaLogSink {
  readonly file: string;
  /** The first MAX_KEPT_LINES lines written during this session (all of them in `file`). */
  readonly lines: readonly string[];
  /** Lines written but not kept in `lines`. */
  readonly linesNotKept: number;
  write(line: string): void;
}

export function openLambdaLogSink(stateDir: string): LambdaLogSink {
  const directory = join(stateDir, 'logs');
  makePrivateDirectory(directory);
  const file = join(directory, 'lambda.log');
  const lines: string[] = [];
  let linesNotKept = 0;
  return {
    file,
    lines,
    get linesNotKept() {
      return linesNotKept;
    },
    write(line) {
      if (lines.length < MAX_KEPT_LINES) lines.push(line);
      else linesNotKept += 1;
      // One append per line: lines of several processes interleave whole, none is lost.
      appendFileSync(file, `${line}\n`, { mode: PRIVATE_FILE_MODE });
    },
  };
}
