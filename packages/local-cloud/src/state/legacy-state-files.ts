/**
 * The files older versions kept the state in: the snapshot `cloud.json`
 * (`journalGeneration` naming the journal lines that follow it, absent = 0)
 * and the journal `cloud.journal`, one JSON line per change,
 * `{"g":<generation>,"w":"<writer>","ops":[…]}`; lines of another generation
 * were already folded into the snapshot. The SQLite store imports them once,
 * when it creates `cloud.db` in a directory that holds them, then removes
 * them (they hold secrets, and nothing writes them any more).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CloudState, completeLoadedState } from './cloud-state.ts';
import { applyOps, type StateOp } from './state-ops.ts';

export const LEGACY_SNAPSHOT_FILE_NAME = 'cloud.json';
export const LEGACY_JOURNAL_FILE_NAME = 'cloud.journal';

interface JournalLine {
  readonly g: number;
  readonly ops: readonly StateOp[];
}

/** @returns the state the legacy files in `stateDir` hold, or undefined when there are none. */
export function readLegacyState(stateDir: string): CloudState | undefined {
  const snapshotPath = join(stateDir, LEGACY_SNAPSHOT_FILE_NAME);
  const journalPath = join(stateDir, LEGACY_JOURNAL_FILE_NAME);
  const snapshot = readIfPresent(snapshotPath);
  const journal = readIfPresent(journalPath);
  if (snapshot === undefined && journal === undefined) return undefined;
  if (snapshot === undefined)
    throw new Error(
      `${journalPath} has no ${LEGACY_SNAPSHOT_FILE_NAME} beside it: move it away to start afresh`,
    );
  const { journalGeneration = 0, ...parsed } = JSON.parse(snapshot) as CloudState & {
    journalGeneration?: number;
  };
  if (parsed.formatVersion !== 1) throw new Error(`${snapshotPath}: unsupported formatVersion`);
  // Files written before the Yandex side, IAM groups, SNS, EventBridge or S3 existed lack those sections.
  const state = completeLoadedState(parsed);
  // A last line without its newline was torn by a crash: it was never committed.
  const lines = (journal ?? '').split('\n').slice(0, -1);
  lines.forEach((text, index) => {
    const line = parseLine(journalPath, text, index);
    if (line.g !== journalGeneration) return;
    try {
      applyOps(state, line.ops);
    } catch (error) {
      throw new Error(`${journalPath}: line ${index + 1}: ${(error as Error).message}`);
    }
  });
  return state;
}

/** Removes the legacy files once their state is in the database. */
export function removeLegacyState(stateDir: string): void {
  for (const name of [LEGACY_SNAPSHOT_FILE_NAME, LEGACY_JOURNAL_FILE_NAME])
    rmSync(join(stateDir, name), { force: true });
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseLine(file: string, text: string, index: number): JournalLine {
  try {
    return JSON.parse(text) as JournalLine;
  } catch {
    throw new Error(`${file}: unreadable journal line ${index + 1}`);
  }
}
