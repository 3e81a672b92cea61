/**
 * The persisted state: `<stateDir>/cloud.db`, a SQLite database (Node's
 * built-in `node:sqlite`, WAL). It holds one snapshot row (the whole state as
 * JSON, and `through`, the last change folded into it) and one `changes` row
 * per change committed since (its ops, state-ops.ts).
 *
 * Each store keeps the state in memory and catches up by applying the rows
 * committed since it last looked. A change runs between `begin` and `commit`,
 * inside BEGIN IMMEDIATE: SQLite's write lock, which every process on the file
 * shares, is taken first, the state is caught up under it, and the change is
 * checked and made against that state. Changes are therefore serialized
 * across processes: none is checked against a state that lacks another's, and
 * none is lost. A committed change survives a killed process (WAL,
 * synchronous=NORMAL: a power cut may lose the last few, never corrupt the
 * file). A writer waits up to `BUSY_TIMEOUT_MS` for the lock.
 *
 * When the changes since the snapshot outweigh it (and 1 MiB), the change
 * that tips them over also writes a new snapshot and drops the rows it
 * folded in, in the same transaction: each byte of state is rewritten once
 * per as many bytes of changes. A store that finds rows it had not read
 * folded away loads the new snapshot.
 */
import { closeSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type CloudState, emptyCloudState } from './cloud-state.ts';
import { readLegacyState, removeLegacyState } from './legacy-state-files.ts';
import { applyOps, type StateOp } from './state-ops.ts';

/** The state holds the keys' secrets: the folders made for it and its file are the owner's alone. */
const PRIVATE_DIRECTORY_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

export const STATE_DATABASE_FILE_NAME = 'cloud.db';

/** How long a change waits for another process's change to finish. */
export const BUSY_TIMEOUT_MS = 30_000;

/** The changes may grow to the snapshot's size, and at least to this, before they are folded in. */
const MIN_COMPACTION_BYTES = 1024 * 1024;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    through INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    state TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, ops TEXT NOT NULL);
`;

interface SnapshotRow {
  readonly through: number;
  readonly bytes: number;
}

interface ChangeRow {
  readonly seq: number;
  readonly ops: string;
}

export class StateDatabase {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #dataVersion: StatementSync;
  readonly #snapshotStamp: StatementSync;
  readonly #snapshotState: StatementSync;
  readonly #changesAfter: StatementSync;
  readonly #changeBytes: StatementSync;
  readonly #insertChange: StatementSync;
  readonly #writeSnapshot: StatementSync;
  readonly #dropChanges: StatementSync;
  /** The snapshot the in-memory state was built on. */
  #through = -1;
  #snapshotBytes = 0;
  /** The last change the in-memory state holds. */
  #seq = 0;
  /** Bytes of the changes after the snapshot, all in the in-memory state. */
  #pendingBytes = 0;
  /** PRAGMA data_version when the state last caught up: it moves when another connection commits. */
  #seenVersion = -1;
  #changedLastCatchUp = false;

  /**
   * Opens (creating it 0600, its folder 0700, when missing) the database in
   * `stateDir`. A new database takes in the legacy `cloud.json` and
   * `cloud.journal` when they are there, once, and removes them.
   * @param readOnly open an existing database without ever writing it.
   */
  constructor(stateDir: string, options: { readonly readOnly?: boolean } = {}) {
    this.path = join(stateDir, STATE_DATABASE_FILE_NAME);
    if (!options.readOnly) createPrivateFile(stateDir, this.path);
    this.#db = new DatabaseSync(this.path, { readOnly: options.readOnly ?? false });
    this.#db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readOnly) {
      this.#db.exec('PRAGMA journal_mode = WAL');
      this.#db.exec('PRAGMA synchronous = NORMAL');
      this.#initialize(stateDir);
    }
    this.#dataVersion = this.#db.prepare('PRAGMA data_version');
    this.#snapshotStamp = this.#db.prepare('SELECT through, bytes FROM snapshot WHERE id = 1');
    this.#snapshotState = this.#db.prepare('SELECT state FROM snapshot WHERE id = 1');
    this.#changesAfter = this.#db.prepare('SELECT seq, ops FROM changes WHERE seq > ? ORDER BY seq');
    this.#changeBytes = this.#db.prepare('SELECT coalesce(sum(length(ops)), 0) AS bytes FROM changes');
    this.#insertChange = this.#db.prepare('INSERT INTO changes (ops) VALUES (?)');
    this.#writeSnapshot = this.#db.prepare(
      'UPDATE snapshot SET through = ?, bytes = ?, state = ? WHERE id = 1',
    );
    this.#dropChanges = this.#db.prepare('DELETE FROM changes WHERE seq <= ?');
  }

  /** The state the database holds now. */
  load(): CloudState {
    return this.#reading(() => this.#load());
  }

  /** `state` with what others committed since it last looked: patched in place, or freshly loaded. */
  catchUp(state: CloudState): CloudState {
    this.#changedLastCatchUp = false;
    if (this.#version() === this.#seenVersion) return state;
    return this.#reading(() => this.#catchUp(state));
  }

  /** Whether the last `catchUp` or `begin` applied another store's changes (in place, or by loading anew). */
  get changedLastCatchUp(): boolean {
    return this.#changedLastCatchUp;
  }

  /**
   * Takes the write lock (waiting for other processes' changes) and returns
   * `state` caught up under it. Follow with `commit` or `abort`.
   * @throws Error when the lock stays taken for `BUSY_TIMEOUT_MS`.
   */
  begin(state: CloudState): CloudState {
    try {
      this.#db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw new Error(
        `${this.path}: another process held the local state's write lock for ${BUSY_TIMEOUT_MS / 1000} s (${(error as Error).message}); retry when it is done`,
      );
    }
    try {
      return this.#catchUp(state);
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /**
   * Commits the change `state` now holds and lets go of the lock.
   * @param opsJson the change's ops; undefined when it changed nothing.
   */
  commit(state: CloudState, opsJson: string | undefined): void {
    let seq = this.#seq;
    let pendingBytes = this.#pendingBytes;
    let through = this.#through;
    let snapshotBytes = this.#snapshotBytes;
    if (opsJson !== undefined) {
      seq = Number(this.#insertChange.run(opsJson).lastInsertRowid);
      pendingBytes += opsJson.length;
      if (pendingBytes > Math.max(MIN_COMPACTION_BYTES, snapshotBytes)) {
        const text = JSON.stringify(state);
        this.#writeSnapshot.run(seq, text.length, text);
        this.#dropChanges.run(seq);
        through = seq;
        snapshotBytes = text.length;
        pendingBytes = 0;
      }
    }
    this.#db.exec('COMMIT');
    this.#seq = seq;
    this.#pendingBytes = pendingBytes;
    this.#through = through;
    this.#snapshotBytes = snapshotBytes;
  }

  /** Takes the open change back, if any, and lets go of the lock. */
  abort(): void {
    if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
  }

  close(): void {
    this.abort();
    this.#db.close();
  }

  #version(): number {
    return Number((this.#dataVersion.get() as { data_version: number }).data_version);
  }

  /** Runs `read` in one read transaction, so the snapshot and the rows after it match. */
  #reading<T>(read: () => T): T {
    this.#db.exec('BEGIN');
    try {
      return read();
    } finally {
      this.#db.exec('COMMIT');
    }
  }

  #catchUp(state: CloudState): CloudState {
    this.#changedLastCatchUp = false;
    const version = this.#version();
    const stamp = this.#snapshotStamp.get() as SnapshotRow | undefined;
    if (stamp === undefined) throw new Error(`${this.path} holds no state: it was not created by akr`);
    // Rows we never read were folded into a newer snapshot: start from it.
    if (stamp.through > this.#seq) return this.#load();
    if (stamp.through !== this.#through) {
      this.#through = stamp.through;
      this.#snapshotBytes = stamp.bytes;
      this.#pendingBytes = Number((this.#changeBytes.get() as { bytes: number }).bytes);
    }
    const rows = this.#changesAfter.all(this.#seq) as unknown as ChangeRow[];
    for (const row of rows) {
      try {
        applyOps(state, JSON.parse(row.ops) as StateOp[]);
      } catch {
        return this.#load();
      }
      this.#seq = row.seq;
      this.#pendingBytes += row.ops.length;
      this.#changedLastCatchUp = true;
    }
    this.#seenVersion = version;
    return state;
  }

  #load(): CloudState {
    const version = this.#version();
    const stamp = this.#snapshotStamp.get() as SnapshotRow | undefined;
    if (stamp === undefined) throw new Error(`${this.path} holds no state: it was not created by akr`);
    const { state: text } = this.#snapshotState.get() as { state: string };
    const state = JSON.parse(text) as CloudState;
    this.#through = stamp.through;
    this.#snapshotBytes = stamp.bytes;
    this.#seq = stamp.through;
    this.#pendingBytes = 0;
    this.#changedLastCatchUp = true;
    for (const row of this.#changesAfter.all(stamp.through) as unknown as ChangeRow[]) {
      try {
        applyOps(state, JSON.parse(row.ops) as StateOp[]);
      } catch (error) {
        throw new Error(`${this.path}: change ${row.seq}: ${(error as Error).message}`);
      }
      this.#seq = row.seq;
      this.#pendingBytes += row.ops.length;
    }
    this.#seenVersion = version;
    return state;
  }

  /** Creates the tables and the first snapshot, once, whichever process comes first. */
  #initialize(stateDir: string): void {
    this.#db.exec('BEGIN IMMEDIATE');
    let imported = false;
    try {
      this.#db.exec(SCHEMA);
      if (this.#db.prepare('SELECT 1 FROM snapshot WHERE id = 1').get() === undefined) {
        const legacy = readLegacyState(stateDir);
        const text = JSON.stringify(legacy ?? emptyCloudState());
        this.#db
          .prepare('INSERT INTO snapshot (id, through, bytes, state) VALUES (1, 0, ?, ?)')
          .run(text.length, text);
        imported = legacy !== undefined;
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.abort();
      throw error;
    }
    if (imported) removeLegacyState(stateDir);
  }
}

/** The database file and its folder, created the owner's alone: the state holds secrets. */
function createPrivateFile(stateDir: string, path: string): void {
  mkdirSync(stateDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  const fd = openSync(path, 'a', PRIVATE_FILE_MODE);
  try {
    // A file made by an older version, or under a loose umask, is tightened too; SQLite gives -wal and -shm the same mode.
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}
