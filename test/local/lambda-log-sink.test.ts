import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_KEPT_LINES, openLambdaLogSink } from '../../local/workflow/lambda-log-sink.ts';

describe('the Lambda log sink', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'akr-log-sink-'));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('keeps the first lines in memory, bounded, and every line in the log file', () => {
    // Prepare
    const sink = openLambdaLogSink(stateDir);
    // Act
    for (let i = 0; i < MAX_KEPT_LINES + 5; i++) sink.write(`line ${i}`);
    // Assess
    expect(sink.lines).toHaveLength(MAX_KEPT_LINES);
    expect(sink.lines.at(-1)).toBe(`line ${MAX_KEPT_LINES - 1}`);
    expect(sink.linesNotKept).toBe(5);
    const file = readFileSync(sink.file, 'utf8').trimEnd().split('\n');
    expect(file).toHaveLength(MAX_KEPT_LINES + 5);
    expect(file.at(-1)).toBe(`line ${MAX_KEPT_LINES + 4}`);
  });
});
