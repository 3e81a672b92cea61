/**
 * The journal next to the snapshot: one JSON line per committed change,
 * `{"g":<generation>,"w":"<writer>","ops":[{"p":[…path],"v":…},…]}`.
 * `g` names the snapshot the line follows (lines of another generation are
 * already in a newer snapshot, or were lost to a race, and are skipped); `w`
 * names the store that wrote it, so a store knows its own lines when it reads
 * the journal back.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from './state-tree.ts';

export const JOURNAL_FILE_NAME = 'cloud.journal';

/** Sets `p` to `v`, or deletes it when `v` is absent. */
export interface JournalOp {
  readonly p: readonly string[];
  readonly v?: unknown;
}

export interface JournalLine {
  readonly g: number;
  readonly w: string;
  readonly ops: readonly JournalOp[];
}

/** @param opsJson the ops, already serialized, so a large change is stringified once. */
export function journalLine(generation: number, writer: string, opsJson: string): string {
  return `{"g":${generation},"w":${JSON.stringify(writer)},"ops":${opsJson}}\n`;
}

/**
 * Applies `ops` in order onto `root`, in place.
 * @throws Error when an op's parent is missing: the journal does not follow this state.
 */
export function applyOps(root: object, ops: readonly JournalOp[]): void {
  for (const { p, v } of ops) {
    const parentPath = p.slice(0, -1);
    const parent = resolve(root, parentPath);
    const key = p.at(-1);
    if (key === undefined || parent === null || typeof parent !== 'object')
      throw new Error(`journal op for ${p.join('.')} does not fit the state`);
    const target = parent as Record<string, unknown>;
    if (v === undefined) delete target[key];
    else target[key] = v;
  }
}

export interface JournalRead {
  /** Complete lines, parsed, in file order. */
  readonly lines: JournalLine[];
  /** Where the next read starts: just after the last complete line. */
  readonly end: number;
  readonly ino: number;
  readonly size: number;
}

/**
 * Reads the complete lines from byte `from` on. A last line without its
 * newline is being written (or was torn by a crash) and is left for later.
 * @returns undefined when there is no journal.
 */
export function readJournal(file: string, from: number): JournalRead | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // Stat the open file, not the path: a compaction may swap the path meanwhile.
    const { ino, size } = fstatSync(fd);
    if (size <= from) return { lines: [], end: from, ino, size };
    const bytes = Buffer.alloc(size - from);
    let read = 0;
    while (read < bytes.length) {
      const count = readSync(fd, bytes, read, bytes.length - read, from + read);
      if (count === 0) break;
      read += count;
    }
    const complete = bytes.subarray(0, bytes.lastIndexOf(0x0a, read - 1) + 1);
    const lines = complete
      .toString('utf8')
      .split('\n')
      .slice(0, -1)
      .map((text, index) => parseLine(file, text, index));
    return { lines, end: from + complete.length, ino, size };
  } finally {
    closeSync(fd);
  }
}

function parseLine(file: string, text: string, index: number): JournalLine {
  try {
    return JSON.parse(text) as JournalLine;
  } catch {
    throw new Error(`${file}: unreadable journal line ${index + 1} after the last position read`);
  }
}
