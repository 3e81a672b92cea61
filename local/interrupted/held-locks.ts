/**
 * The rotation locks the local lock table holds now. `akr status` sets them
 * beside the running executions, so a lock whose execution has ended (a
 * failed rollback, or a Record step that could not release it) is shown with
 * the time its lease frees it, instead of "nothing in flight" while Plan
 * refuses every new rotation.
 */
import { readPersistedCloudState } from '@access-key-rotator/local-cloud';

export interface HeldLock {
  readonly lockId: string;
  readonly provider: string;
  readonly principal: string;
  readonly rotationId: string;
  readonly executionArn: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

type StoredAttribute = { readonly S?: string };

function text(item: Record<string, StoredAttribute>, name: string): string {
  return item[name]?.S ?? '';
}

/** Locks whose lease has not run out; an expired lock no longer refuses anyone. */
export function heldLocks(stateDir: string, now: Date = new Date()): HeldLock[] {
  const held: HeldLock[] = [];
  for (const table of Object.values(readPersistedCloudState(stateDir).dynamodb.tables)) {
    for (const stored of Object.values(table.items)) {
      const item = stored as Record<string, StoredAttribute>;
      const lockId = text(item, 'lockId');
      const separator = lockId.indexOf('#');
      if (separator < 0 || !text(item, 'rotationId')) continue;
      const expiresAt = text(item, 'expiresAt');
      if (Date.parse(expiresAt) <= now.getTime()) continue;
      held.push({
        lockId,
        provider: lockId.slice(0, separator),
        principal: lockId.slice(separator + 1),
        rotationId: text(item, 'rotationId'),
        executionArn: text(item, 'executionArn'),
        acquiredAt: text(item, 'acquiredAt'),
        expiresAt,
      });
    }
  }
  return held;
}
