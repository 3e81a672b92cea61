/**
 * Holds the cloud state, optionally backed by `<stateDir>/cloud.json` and its
 * journal (see state-files.ts).
 *
 * Every read first catches up with what other stores (another process, or
 * another instance in this one) committed to the files since. A mutation
 * changes the live state in place, recorded (change-recorder.ts): if it
 * throws, its writes are taken back; if it succeeds, it is written through
 * before `mutate` returns, as one journal line. All file access is
 * synchronous on purpose: one request's read-check-write then cannot
 * interleave with another's in this process. `batch` groups many mutations
 * into one line, for bulk seeding.
 */
import { mkdirSync } from 'node:fs';
import { ChangeSession } from './change-recorder.ts';
import { type CloudState, emptyCloudState } from './cloud-state.ts';
import { StateFiles } from './state-files.ts';
import { stateRewritten } from './state-revision.ts';

export { JOURNAL_FILE_NAME } from './journal.ts';
export { readPersistedCloudState, STATE_FILE_NAME } from './state-files.ts';

interface Session {
  readonly recorder: ChangeSession;
  failure?: unknown;
}

export class CloudStateStore {
  readonly #files: StateFiles | undefined;
  #state: CloudState;
  #session: Session | undefined;

  /** @param stateDir where `cloud.json` lives; undefined keeps state in memory only. */
  constructor(stateDir: string | undefined) {
    if (stateDir === undefined) {
      this.#state = emptyCloudState();
      return;
    }
    mkdirSync(stateDir, { recursive: true });
    this.#files = new StateFiles(stateDir);
    this.#state = this.#files.load();
  }

  /**
   * The current state, live: a later mutation changes it in place. Treat it as
   * read-only and copy what must outlive the next mutation.
   */
  read(): CloudState {
    if (this.#files && !this.#session) this.#state = this.#files.catchUp(this.#state);
    return this.#state;
  }

  /** Applies `change` all or nothing; on return, it is on disk. */
  mutate<T>(change: (draft: CloudState) => T): T {
    if (this.#session) return this.#apply(this.#session, change);
    return this.#transaction((session) => this.#apply(session, change));
  }

  /**
   * Runs `work` (synchronous) with every `mutate` inside it recorded as one
   * change, written once at the end. All or nothing: if `work` throws, or any
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

  /** Folds the journal into `cloud.json`, so the directory holds one self-contained file (on close). */
  compact(): void {
    if (!this.#files || this.#session) return;
    this.#state = this.#files.catchUp(this.#state);
    // false: another process appended meanwhile; its journal stays valid, to be folded in later.
    this.#files.compact(this.#state);
  }

  #transaction<T>(work: (session: Session) => T): T {
    if (this.#files) this.#state = this.#files.catchUp(this.#state);
    const session: Session = { recorder: new ChangeSession(this.#state) };
    this.#session = session;
    try {
      const result = work(session);
      if (session.failure !== undefined) throw session.failure;
      if (this.#files && session.recorder.changed)
        this.#files.commit(this.#state, session.recorder.serialize());
      session.recorder.close();
      return result;
    } catch (error) {
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
