/**
 * Long-running operations for Update and Delete. An operation is created
 * `done:false` with a completion time; whoever reads the Yandex state after
 * that time completes it. The change (new description, or the key's removal)
 * is applied only at completion, so a client that does not wait for `done`
 * observes the old state, as it could against Yandex.
 */
import { GRPC } from './grpc-status.ts';
import { newResourceId } from './yandex-ids.ts';
import type { StoredOperation, StoredOperationStatus, YandexState } from './yandex-state.ts';
import { accessKeyJson } from './yandex-views.ts';

export interface OperationSpec {
  readonly kind: StoredOperation['kind'];
  readonly accessKeyId: string;
  readonly createdBy: string;
  readonly delayMs: number;
  readonly newDescription?: string;
  readonly plannedError?: StoredOperationStatus;
}

const DESCRIPTIONS: Readonly<Record<StoredOperation['kind'], string>> = {
  update: 'Update access key',
  delete: 'Delete access key',
};

export function newOperation(spec: OperationSpec, now: Date): StoredOperation {
  const createdAt = now.toISOString();
  return {
    id: newResourceId(),
    description: DESCRIPTIONS[spec.kind],
    createdAt,
    createdBy: spec.createdBy,
    modifiedAt: createdAt,
    done: false,
    kind: spec.kind,
    accessKeyId: spec.accessKeyId,
    completeAt: new Date(now.getTime() + spec.delayMs).toISOString(),
    ...(spec.newDescription === undefined ? {} : { newDescription: spec.newDescription }),
    ...(spec.plannedError ? { plannedError: spec.plannedError } : {}),
  };
}

function complete(state: YandexState, operation: StoredOperation): void {
  const key = state.accessKeys[operation.accessKeyId];
  if (operation.plannedError) operation.error = operation.plannedError;
  else if (!key)
    // Deleted by an earlier operation after this one was accepted.
    operation.error = {
      code: GRPC.NOT_FOUND,
      message: `Access key ${operation.accessKeyId} not found`,
    };
  else if (operation.kind === 'update') {
    key.description = operation.newDescription ?? '';
    operation.response = { ...accessKeyJson(key) };
  } else {
    delete state.accessKeys[key.id];
    operation.response = {};
  }
  operation.done = true;
}

/** Due operations that are not done yet, oldest first (so two pending changes apply in order). */
export function dueOperations(state: YandexState, now: Date): StoredOperation[] {
  return Object.values(state.operations)
    .filter((operation) => !operation.done && Date.parse(operation.completeAt) <= now.getTime())
    .sort((a, b) => a.completeAt.localeCompare(b.completeAt) || a.createdAt.localeCompare(b.createdAt));
}

/** Completes every due operation in `state` (a draft). */
export function settleOperations(state: YandexState, now: Date): void {
  for (const operation of dueOperations(state, now)) {
    complete(state, operation);
    operation.modifiedAt = operation.completeAt;
  }
}
