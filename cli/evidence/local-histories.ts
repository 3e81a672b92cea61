/**
 * The local side of the report's sources, in the state directory the other
 * `--local` commands keep: `executions/` (one history per execution, as the
 * local runner recorded it) and `evidence/` (one record per rotation, as the
 * workflow wrote it: locally, the archive). A file that cannot be read is
 * reported, not fatal: one damaged file must not hide a year of evidence.
 *
 * A local execution still marked RUNNING whose runner process has ended was
 * interrupted: nothing will resume it, so it is read as FAILED (and said so),
 * never as a rotation in flight whose grace window would excuse two keys.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionHistory } from '../../evidence/model/execution-history.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';

export interface LocalSources {
  readonly histories: ExecutionHistory[];
  readonly archive: EvidenceRecord[];
  readonly warnings: string[];
}

function readJsonFiles<T>(directory: string, warnings: string[]): T[] {
  if (!existsSync(directory)) return [];
  const found: T[] = [];
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    try {
      found.push(JSON.parse(readFileSync(join(directory, file), 'utf8')) as T);
    } catch (error) {
      warnings.push(`skipped ${join(directory, file)}: ${(error as Error).message}`);
    }
  }
  return found;
}

function runnerAlive(pid: unknown): boolean {
  if (typeof pid !== 'number') return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function interruptedAsFailed(history: ExecutionHistory & { runnerPid?: unknown }, warnings: string[]) {
  if (history.status !== 'RUNNING' || runnerAlive(history.runnerPid)) return history;
  warnings.push(`${history.name} is marked RUNNING but its local runner has ended: read as FAILED`);
  const cause = `the local runner (pid ${String(history.runnerPid)}) ended before the execution finished`;
  return { ...history, status: 'FAILED', error: 'LocalRunnerInterrupted', cause };
}

function isRecord(value: unknown): value is EvidenceRecord {
  const record = value as Partial<EvidenceRecord> | null;
  return typeof record?.rotationId === 'string' && typeof record.status === 'string';
}

export function readLocalSources(stateDir: string): LocalSources {
  const warnings: string[] = [];
  const histories = readJsonFiles<ExecutionHistory>(join(stateDir, 'executions'), warnings)
    .filter((history) => typeof history?.executionArn === 'string' && Array.isArray(history.events))
    .map((history) => interruptedAsFailed(history, warnings));
  const archive = readJsonFiles<unknown>(join(stateDir, 'evidence'), warnings).filter(isRecord);
  return { histories, archive, warnings };
}
