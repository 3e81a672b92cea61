/**
 * Holds the cloud state, optionally backed by `<stateDir>/cloud.json`.
 *
 * Every read first checks whether the file changed since we last saw it (another
 * process, or another instance in this one, may serve the same state) and
 * reloads it. Every mutation works on a copy and is written with temp file +
 * rename, so a failed change leaves no half-applied state and readers never see
 * a torn file. All file access is synchronous on purpose: one request's
 * read-modify-write then cannot interleave with another's in this process.
 * `batch` groups many mutations into one write, for bulk seeding.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CloudState, completeLoadedState, emptyCloudState } from './cloud-state.ts';

interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

export const STATE_FILE_NAME = 'cloud.json';

export class CloudStateStore {
  readonly filePath: string | undefined;
  #state: CloudState = emptyCloudState();
  #seen: FileStamp | undefined;
  #batch: { draft: CloudState; failure?: unknown } | undefined;

  /** @param stateDir where `cloud.json` lives; undefined keeps state in memory only. */
  constructor(stateDir: string | undefined) {
    if (stateDir === undefined) return;
    mkdirSync(stateDir, { recursive: true });
    this.filePath = join(stateDir, STATE_FILE_NAME);
    this.#reloadIfChanged();
  }

  /** The current state. Treat it as read-only: change it through `mutate`. */
  read(): CloudState {
    if (this.#batch) return this.#batch.draft;
    this.#reloadIfChanged();
    return this.#state;
  }

  mutate<T>(change: (draft: CloudState) => T): T {
    const batch = this.#batch;
    if (batch) {
      try {
        return change(batch.draft);
      } catch (error) {
        // The change may have been half applied to the shared draft: the batch cannot be kept.
        batch.failure ??= error;
        throw error;
      }
    }
    const draft = structuredClone(this.read());
    const result = change(draft);
    this.#state = draft;
    this.#write();
    return result;
  }

  /**
   * Runs `work` (synchronous) with every `mutate` inside it applied to one
   * draft, written once at the end. All or nothing: if `work` throws, or any
   * change inside it threw (even one `work` caught), nothing is kept.
   */
  batch<T>(work: () => T): T {
    if (this.#batch) return work();
    const batch: { draft: CloudState; failure?: unknown } = { draft: structuredClone(this.read()) };
    this.#batch = batch;
    try {
      const result = work();
      if (result instanceof Promise) throw new Error('CloudStateStore.batch: work must be synchronous');
      if (batch.failure !== undefined) throw batch.failure;
      this.#state = batch.draft;
      this.#write();
      return result;
    } finally {
      this.#batch = undefined;
    }
  }

  #reloadIfChanged(): void {
    if (this.filePath === undefined) return;
    const stamp = stampOf(this.filePath);
    if (stamp === undefined || sameStamp(stamp, this.#seen)) return;
    const parsed = JSON.parse(readFileSync(this.filePath, 'utf8')) as CloudState;
    if (parsed.formatVersion !== 1) throw new Error(`${this.filePath}: unsupported formatVersion`);
    // Files written before the Yandex side, IAM groups, SNS or EventBridge existed lack those sections.
    this.#state = completeLoadedState(parsed);
    this.#seen = stamp;
  }

  #write(): void {
    if (this.filePath === undefined) return;
    const temp = `${this.filePath}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.#state, null, 2)}\n`);
    renameSync(temp, this.filePath);
    this.#seen = stampOf(this.filePath);
  }
}

function stampOf(file: string): FileStamp | undefined {
  try {
    const { ino, size, mtimeMs, ctimeMs } = statSync(file);
    return { ino, size, mtimeMs, ctimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function sameStamp(a: FileStamp, b: FileStamp | undefined): boolean {
  return (
    b !== undefined &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs
  );
}
