/**
 * Where a fleet run keeps its work in the work bucket. One prefix per run,
 * `fleet/<provider>/<fleet execution name>/`, so a run never reads another's
 * items, a retried Discover overwrites its own, and the bucket's lifecycle
 * rule expires whole runs.
 *
 *   due/<account-id>.json   the account's due items (the inner Map's items)
 *   accounts.json           the accounts with a due item (the outer Map's items)
 *   discovery.json          the whole discovery, every list in full
 *   results.json            every result, grouped by account (Summarize)
 *
 * The Maps' ResultWriter writes beside them, under `fleet-results/`.
 */
import type { Provider } from '../rotation/rotation-state.ts';

/** `arn:aws:states:<region>:<account>:execution:<state machine>:<name>` → `<name>`. */
export function executionNameOf(executionArn: string): string {
  const name = executionArn.slice(executionArn.lastIndexOf(':') + 1);
  if (name === '') throw new Error(`"${executionArn}" is not an execution ARN`);
  return name;
}

export function runPrefix(provider: Provider, executionArn: string): string {
  return `fleet/${provider}/${executionNameOf(executionArn)}/`;
}

export function dueItemsKey(prefix: string, account: string): string {
  return `${prefix}due/${account}.json`;
}

export const accountsKeyOf = (prefix: string): string => `${prefix}accounts.json`;
export const discoveryKeyOf = (prefix: string): string => `${prefix}discovery.json`;
export const resultsKeyOf = (prefix: string): string => `${prefix}results.json`;
