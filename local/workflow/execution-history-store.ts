/**
 * Local execution histories under `.akr/executions/`, one JSON file per
 * execution, so that later commands (status, evidence) see what ran. Execution
 * names are unique per state machine, as in Step Functions, even when several
 * processes start one at once: the file is created exclusively. Each save
 * replaces the file whole (temp + rename), so a reader in another process
 * sees one complete record or the next; only the execution's runner saves it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';
import { makePrivateDirectory, writeFileAtomically, writeFileAtomicallyAsync } from '../private-files.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface LocalExecutionRecord {
  /** The process running it: a RUNNING record whose runner is gone was interrupted. */
  runnerPid?: number;
  /** Set when its runner stopped on SIGINT or SIGTERM, leaving it RUNNING to be resumed or aborted. */
  interruptedAt?: string;
  /** The signal that interrupted it. */
  interruptedBy?: string;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  status: ExecutionStatus;
  readonly input: unknown;
  readonly startDate: string;
  stopDate?: string;
  output?: unknown;
  error?: string;
  cause?: string;
  readonly events: HistoryEvent[];
}

export class ExecutionAlreadyExistsError extends Error {
  override readonly name = 'ExecutionAlreadyExistsError';
}

export class ExecutionHistoryStore {
  readonly directory: string;

  constructor(stateDir: string) {
    this.directory = join(stateDir, 'executions');
  }

  private fileOf(name: string): string {
    return join(this.directory, `${encodeURIComponent(name)}.json`);
  }

  /** @throws ExecutionAlreadyExistsError when the name was used before. */
  create(record: LocalExecutionRecord): void {
    makePrivateDirectory(this.directory);
    try {
      writeFileAtomically(this.fileOf(record.name), serialize(record), { exclusive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      throw new ExecutionAlreadyExistsError(
        `An execution named ${record.name} already exists; choose another --name to rotate again`,
      );
    }
  }

  save(record: LocalExecutionRecord): void {
    makePrivateDirectory(this.directory);
    writeFileAtomically(this.fileOf(record.name), serialize(record));
  }

  /**
   * `save` with the waiting for the disk off the event loop: the record is
   * serialized now (later changes are not in this save) and on disk when the
   * promise resolves. Saves of one record must not overlap (the runner's saver orders them).
   */
  saveAsync(record: LocalExecutionRecord): Promise<void> {
    const text = serialize(record);
    makePrivateDirectory(this.directory);
    return writeFileAtomicallyAsync(this.fileOf(record.name), text);
  }

  /** Asks the runner of a RUNNING execution, in whatever process, to stop it (StopExecution). */
  requestStop(name: string, cause: string): void {
    makePrivateDirectory(this.directory);
    writeFileAtomically(`${this.fileOf(name)}.stop`, cause);
  }

  /** @returns the cause given with a stop request, if one was made. */
  stopRequested(name: string): string | undefined {
    const file = `${this.fileOf(name)}.stop`;
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  get(name: string): LocalExecutionRecord | undefined {
    const file = this.fileOf(name);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalExecutionRecord) : undefined;
  }

  list(): LocalExecutionRecord[] {
    if (!existsSync(this.directory)) return [];
    return readdirSync(this.directory)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(join(this.directory, file), 'utf8')) as LocalExecutionRecord);
  }
}

function serialize(record: LocalExecutionRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
