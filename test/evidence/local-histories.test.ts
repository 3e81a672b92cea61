/**
 * Reading a local state directory: histories and archived records, a damaged
 * file reported rather than fatal, and an execution whose runner is gone read
 * as FAILED rather than as a rotation in flight.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLocalSources } from '../../cli/evidence/local-histories.ts';
import { evidenceFromExecution } from '../../evidence/model/evidence-from-execution.ts';
import { inFlightRotation } from '../../evidence/model/in-flight-rotations.ts';
import { loadFixture } from './support/report-fixtures.ts';

let stateDir: string;

function write(folder: string, name: string, content: unknown): void {
  mkdirSync(join(stateDir, folder), { recursive: true });
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  writeFileSync(join(stateDir, folder, name), text);
}

/** The pid of a process that has already ended. */
function endedPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
}

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'akr-local-evidence-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('readLocalSources', () => {
  it('reads every history and archived record, and reports a damaged file instead of failing', () => {
    const { history, expected } = loadFixture('happy-path');
    write('executions', 'ev-happy-2026.json', history);
    write('executions', 'half-written.json', '{"executionArn": ');
    write('executions', 'ev-happy-2026.json.stop', 'not a history');
    write('evidence', 'ev-happy-2026.json', expected);

    const sources = readLocalSources(stateDir);

    expect(sources.histories.map((h) => h.name)).toEqual(['ev-happy-2026']);
    expect(sources.archive).toEqual([expected]);
    expect(sources.warnings).toEqual([expect.stringMatching(/skipped .*half-written\.json/)]);
  });

  it('reads an execution whose runner has ended as FAILED, not as in flight', () => {
    // Prepare: the operator-rollback history as it stood in WaitDeletion, its runner gone.
    const { history } = loadFixture('operator-rollback');
    const running = {
      ...history,
      status: 'RUNNING',
      runnerPid: endedPid(),
      events: history.events.slice(0, -1),
    };
    delete (running as { stopDate?: string }).stopDate;
    delete (running as { error?: string }).error;
    delete (running as { cause?: string }).cause;
    write('executions', 'ev-operator-2026.json', running);

    // Act
    const [read] = readLocalSources(stateDir).histories;

    // Assess
    expect(read?.status).toBe('FAILED');
    expect(read && inFlightRotation(read)).toBeUndefined();
    expect(read && evidenceFromExecution(read)).toMatchObject({
      status: 'FAILED',
      failure: { error: 'LocalRunnerInterrupted' },
    });
  });

  it('keeps an execution whose runner is alive as RUNNING', () => {
    const { history } = loadFixture('operator-rollback');
    write('executions', 'live.json', { ...history, status: 'RUNNING', runnerPid: process.pid });

    expect(readLocalSources(stateDir).histories[0]?.status).toBe('RUNNING');
  });
});
