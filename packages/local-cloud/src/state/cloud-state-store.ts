/**
 * Holds the cloud state, optionally backed by `<stateDir>/cloud.db`
 * (state-database.ts), which several processes may share.
 *
 * Every read first catches up with what other stores (another process, or
 * another instance in this one) committed since. A mutation takes the
 * database's write lock, catches up under it, and changes the live state in
 * place, recorded (change-recorder.ts): if it throws, its writes are taken
 * back and nothing is committed; if it succeeds, it is committed as one row
 * before `mutate` returns. So each local-cloud API call that changes state is
 * one transaction on the current state, across processes. All of it is
 * synchronous on purpose: a transaction never spans an await. `batch` groups
 * many mutations into one transaction, for bulk seeding.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeSession } from './change-recorder.ts';
import { type CloudState, emptyCloudState } from './cloud-state.ts';
import { readLegacyState } from './legacy-state-files.ts';
import { STATE_DATABASE_FILE_NAME, StateDatabase } from './state-database.ts';
import { stateRewritten } from './state-revision.ts';

export { LEGACY_JOURNAL_FILE_NAME, LEGACY_SNAPSHOT_FILE_NAME } from './legacy-state-files.ts';
export { STATE_DATABASE_FILE_NAME } from './state-database.ts';

interface Session {
  readonly recorder: ChangeSession;
  failure?: unknown;
}

export class CloudStateStore {
  readonly #database: StateDatabase | undefined;
  #state: CloudState;
  #session: Session | undefined;

  /**
   * @param stateDir where `cloud.db` lives; undefined keeps state in memory only.
   * @param readOnly start from the state in `stateDir` but never write it: changes stay in memory.
   */
  constructor(stateDir: string | undefined, options: { readonly readOnly?: boolean } = {}) {
    if (stateDir === undefined || options.readOnly) {
      this.#state = stateDir === undefined ? emptyCloudState() : readPersistedCloudState(stateDir);
      return;
    }
    this.#database = new StateDatabase(stateDir);
    this.#state = this.#database.load();
  }

  /**
   * The current state, live: a later mutation changes it in place. Treat it as
   * read-only and copy what must outlive the next mutation.
   */
  read(): CloudState {
    if (this.#database && !this.#session) this.#catchUp();
    return this.#state;
  }

  /** Applies `change` all or nothing, to the current state; on return, it is committed. */
  mutate<T>(change: (draft: CloudState) => T): T {
    if (this.#session) return this.#apply(this.#session, change);
    return this.#transaction((session) => this.#apply(session, change));
  }

  /**
   * Runs `work` (synchronous) with every `mutate` inside it recorded as one
   * change, committed once at the end. All or nothing: if `work` throws, or any
   * change inside it threw (even one `work` caught), nothing is kept.
   */
  batch<T>(work: () => T): T {
    if (this.#session) return work();
    return this.#transaction(() => {
      const result = work();
      if (result instanceof Promise) throw new Error('CloudStateStore.batch: work must be synchronous');
      return result;
    });
  }

  /** Lets go of the database; the store must not be used after. */
  close(): void {
    this.#database?.close();
  }

  #catchUp(): void {
    const before = this.#state;
    this.#state = this.#database?.catchUp(before) ?? before;
    // Another store's change bypassed the recording proxies: derived indexes rebuild.
    if (this.#database?.changedLastCatchUp || this.#state !== before) stateRewritten();
  }

  #transaction<T>(work: (session: Session) => T): T {
    if (this.#database) {
      const before = this.#state;
      this.#state = this.#database.begin(before);
      if (this.#database.changedLastCatchUp || this.#state !== before) stateRewritten();
    }
    const session: Session = { recorder: new ChangeSession(this.#state) };
    this.#session = session;
    try {
      const result = work(session);
      if (session.failure !== undefined) throw session.failure;
      this.#database?.commit(
        this.#state,
        session.recorder.changed ? session.recorder.serialize() : undefined,
      );
      session.recorder.close();
      return result;
    } catch (error) {
      this.#database?.abort();
      session.recorder.rollback();
      stateRewritten();
      throw error;
    } finally {
      this.#session = undefined;
    }
  }

  #apply<T>(session: Session, change: (draft: CloudState) => T): T {
    try {
      return session.recorder.run(change);
    } catch (error) {
      // The change may be half applied, and its writes are mixed with the batch's: nothing can be kept.
      session.failure ??= error;
      throw error;
    }
  }
}

/** The state persisted in `stateDir`, read without starting a cloud and without writing anything. */
export function readPersistedCloudState(stateDir: string): CloudState {
  if (!existsSync(join(stateDir, STATE_DATABASE_FILE_NAME)))
    return readLegacyState(stateDir) ?? emptyCloudState();
  const database = new StateDatabase(stateDir, { readOnly: true });
  try {
    return database.load();
  } finally {
    database.close();
  }
}
