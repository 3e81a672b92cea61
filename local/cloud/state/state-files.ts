/**
 * The files behind a persisted state: the snapshot `cloud.json` (pretty JSON,
 * `journalGeneration` naming the journal lines that follow it, absent = 0) and
 * the journal `cloud.journal`, one line per committed change.
 *
 * A commit appends one line: its cost follows the change, not the state. When
 * the journal would outgrow the snapshot (and 1 MiB), the commit writes a new
 * snapshot instead (temp file + rename, generation + 1) and swaps in an empty
 * journal (temp file + rename, so appends go to a fresh file): amortized, each
 * byte of state is rewritten once per as many bytes of changes.
 *
 * Several stores (in this process or others) may share the files. Each one,
 * before a read or a change, reloads the pair when the snapshot's stamp
 * changed, and otherwise reads only the journal lines appended since it last
 * looked. No lock is taken: two changes committed at the same instant by two
 * processes were each checked against a state without the other (as two
 * read-modify-write cycles were before the journal). Both lines are kept, and
 * a store that finds another's line before its own rebuilds the state in file
 * order. One race can lose a line: one appended to the old journal in the
 * microseconds between another process's last look at it and its journal swap.
 * A change that finds the snapshot replaced since it read the state is refused
 * (the caller sees an error and may retry) rather than appended under a stale
 * generation.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CloudState, completeLoadedState, emptyCloudState } from './cloud-state.ts';
import { applyOps, JOURNAL_FILE_NAME, journalLine, readJournal } from './journal.ts';
import { stateRewritten } from './state-revision.ts';

export const STATE_FILE_NAME = 'cloud.json';

/** The journal may grow to the snapshot's size, and at least to this, before it is folded in. */
const MIN_COMPACTION_BYTES = 1024 * 1024;

interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

export class StateFiles {
  readonly snapshotPath: string;
  readonly journalPath: string;
  readonly #writer = `${process.pid}.${randomUUID().slice(0, 8)}`;
  #sequence = 0;
  #generation = 0;
  #snapshot: FileStamp | undefined;
  #journalIno: number | undefined;
  /** Bytes of the journal already in the state, own lines included. */
  #consumed = 0;
  /** Own lines appended but not read back yet, oldest first: another store's line may sit before them. */
  #pending: string[] = [];

  constructor(stateDir: string) {
    this.snapshotPath = join(stateDir, STATE_FILE_NAME);
    this.journalPath = join(stateDir, JOURNAL_FILE_NAME);
  }

  /** The state the files hold now: the snapshot with its journal lines applied. */
  load(): CloudState {
    for (let attempt = 1; ; attempt++) {
      const stamp = stampOf(this.snapshotPath);
      const { state, generation } = stamp ? parseSnapshot(this.snapshotPath) : emptySnapshot();
      const journal = readJournal(this.journalPath, 0);
      // Compacted while we read the journal: its lines may follow a snapshot we have not read.
      if (!sameStamp(stampOf(this.snapshotPath), stamp) && attempt < 3) continue;
      for (const line of journal?.lines ?? [])
        if (line.g === generation) applyJournalOps(this.journalPath, state, line.ops);
      this.#generation = generation;
      this.#snapshot = stamp;
      this.#journalIno = journal?.ino;
      this.#consumed = journal?.end ?? 0;
      this.#pending = [];
      return state;
    }
  }

  /**
   * `state` with what other stores committed since we last looked: the same
   * object patched in place, or a freshly loaded one.
   */
  catchUp(state: CloudState): CloudState {
    if (!sameStamp(stampOf(this.snapshotPath), this.#snapshot)) return this.load();
    const journal = stampOf(this.journalPath);
    if (journal === undefined) return this.#journalIno === undefined ? state : this.load();
    if (this.#journalIno !== undefined && journal.ino !== this.#journalIno) return this.load();
    if (journal.size === this.#consumed) return state;
    if (journal.size < this.#consumed) return this.load();
    const read = readJournal(this.journalPath, this.#consumed);
    if (read === undefined || (this.#journalIno !== undefined && read.ino !== this.#journalIno))
      return this.load();
    let applied = false;
    for (const line of read.lines) {
      if (line.w === this.#pending[0]) {
        this.#pending.shift();
        continue;
      }
      // Another store's line landed before ours, which the state already holds: rebuild in file order.
      if (this.#pending.length > 0) return this.load();
      if (line.g !== this.#generation) continue;
      try {
        applied = true;
        applyOps(state, line.ops);
      } catch {
        return this.load();
      }
    }
    this.#journalIno = read.ino;
    this.#consumed = read.end;
    if (applied) stateRewritten();
    return state;
  }

  /**
   * Makes a change to `state` durable: one journal line, or a new snapshot
   * when there is none yet or the journal would outgrow it.
   * @param opsJson the change's journal ops; `state` already holds the change.
   * @throws Error when another process compacted the files since `state` was read.
   */
  commit(state: CloudState, opsJson: string): void {
    const writer = `${this.#writer}.${++this.#sequence}`;
    const line = journalLine(this.#generation, writer, opsJson);
    const journalBytes = stampOf(this.journalPath)?.size ?? 0;
    const limit = Math.max(MIN_COMPACTION_BYTES, this.#snapshot?.size ?? 0);
    if (this.#snapshot === undefined || journalBytes + Buffer.byteLength(line) > limit)
      if (this.#writeSnapshot(state)) return;
    this.#append(line, writer);
  }

  /**
   * Folds the journal into a new snapshot and empties it, if it has anything.
   * @param state caught up with the files just before.
   * @returns false when another store appended meanwhile (the journal is then kept).
   */
  compact(state: CloudState): boolean {
    const journal = stampOf(this.journalPath);
    if (this.#snapshot !== undefined && (journal === undefined || journal.size === 0)) return true;
    if (this.#snapshot === undefined && journal === undefined) return true;
    return this.#writeSnapshot(state);
  }

  #append(line: string, writer: string): void {
    if (!sameStamp(stampOf(this.snapshotPath), this.#snapshot))
      throw new Error(`${this.snapshotPath} was rewritten by another process during this change: retry it`);
    const before = stampOf(this.journalPath);
    if (before && this.#journalIno !== undefined && before.ino !== this.#journalIno)
      throw new Error(`${this.journalPath} was replaced by another process during this change: retry it`);
    appendFileSync(this.journalPath, line);
    const after = statSync(this.journalPath);
    this.#journalIno = after.ino;
    // Nothing else in the journal beyond what we hold: our line is read.
    if (this.#pending.length === 0 && after.size === this.#consumed + Buffer.byteLength(line))
      this.#consumed = after.size;
    else this.#pending.push(writer);
  }

  /** @returns false, writing nothing, when the journal holds lines `state` lacks. */
  #writeSnapshot(state: CloudState): boolean {
    const { formatVersion, ...sections } = state;
    const text = `${JSON.stringify({ formatVersion, journalGeneration: this.#generation + 1, ...sections }, null, 2)}\n`;
    const temp = tempPath(this.snapshotPath);
    writeFileSync(temp, text);
    // Last look before the renames; from here to the journal swap, a line another process appends is lost.
    const journal = stampOf(this.journalPath);
    const unread =
      this.#pending.length > 0 ||
      (journal?.size ?? 0) !== this.#consumed ||
      (journal !== undefined && this.#journalIno !== undefined && journal.ino !== this.#journalIno) ||
      !sameStamp(stampOf(this.snapshotPath), this.#snapshot);
    if (unread) {
      rmSync(temp, { force: true });
      return false;
    }
    renameSync(temp, this.snapshotPath);
    this.#snapshot = stampOf(this.snapshotPath);
    this.#generation += 1;
    const emptyJournal = tempPath(this.journalPath);
    writeFileSync(emptyJournal, '');
    renameSync(emptyJournal, this.journalPath);
    this.#journalIno = statSync(this.journalPath).ino;
    this.#consumed = 0;
    return true;
  }
}

/** The state persisted in `stateDir` (snapshot and journal), without starting a cloud. */
export function readPersistedCloudState(stateDir: string): CloudState {
  return new StateFiles(stateDir).load();
}

function parseSnapshot(file: string): { state: CloudState; generation: number } {
  const { journalGeneration = 0, ...parsed } = JSON.parse(readFileSync(file, 'utf8')) as CloudState & {
    journalGeneration?: number;
  };
  if (parsed.formatVersion !== 1) throw new Error(`${file}: unsupported formatVersion`);
  // Files written before the Yandex side, IAM groups, SNS or EventBridge existed lack those sections.
  return { state: completeLoadedState(parsed), generation: journalGeneration };
}

function emptySnapshot(): { state: CloudState; generation: number } {
  return { state: emptyCloudState(), generation: 0 };
}

function applyJournalOps(file: string, state: CloudState, ops: Parameters<typeof applyOps>[1]): void {
  try {
    applyOps(state, ops);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

function tempPath(file: string): string {
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

function stampOf(file: string): FileStamp | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats && { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}
