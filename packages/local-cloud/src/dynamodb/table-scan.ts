/**
 * Scan and ListTables paging, as DynamoDB pages them: Limit counts the items
 * evaluated (before the FilterExpression), and a page that stopped at Limit
 * with items left names its last key in LastEvaluatedKey, from which the next
 * page starts (ExclusiveStartKey). Items come in one stable order, by key.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { StoredItem, StoredTable } from '../state/cloud-state.ts';
import { evaluateCondition } from './condition-evaluator.ts';
import type { PreparedExpressions } from './expression-attributes.ts';
import { projectItem } from './projection.ts';
import { itemKey } from './table-keys.ts';

export interface ScanRequest {
  readonly limit?: number;
  readonly exclusiveStartKey?: StoredItem;
  readonly countOnly?: boolean;
}

export interface ScanPage {
  readonly items: readonly StoredItem[];
  readonly count: number;
  readonly scannedCount: number;
  readonly lastEvaluatedKey?: StoredItem;
}

export function checkLimit(limit: number | undefined, max = Number.POSITIVE_INFINITY): void {
  if (limit === undefined) return;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new CloudApiError(
      'ValidationException',
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
    );
}

function keyAttributes(table: StoredTable, item: StoredItem): StoredItem {
  const key: StoredItem = {};
  for (const { AttributeName } of table.keySchema) {
    const value = item[AttributeName];
    if (value !== undefined) key[AttributeName] = value;
  }
  return key;
}

export function scanTable(table: StoredTable, request: ScanRequest, prepared: PreparedExpressions): ScanPage {
  checkLimit(request.limit);
  const after = request.exclusiveStartKey && itemKey(table, request.exclusiveStartKey);
  const ids = Object.keys(table.items)
    .filter((id) => after === undefined || id > after)
    .sort();
  const evaluated = request.limit === undefined ? ids : ids.slice(0, request.limit);
  const matching = evaluated
    .map((id) => table.items[id] as StoredItem)
    .filter((item) => !prepared.condition || evaluateCondition(prepared.condition, item, prepared));
  const last = evaluated[evaluated.length - 1];
  const stoppedEarly = evaluated.length < ids.length && last !== undefined;
  return {
    items: request.countOnly ? [] : matching.map((item) => projectItem(stateCopy(item), prepared)),
    count: matching.length,
    scannedCount: evaluated.length,
    ...(stoppedEarly && {
      lastEvaluatedKey: stateCopy(keyAttributes(table, table.items[last] as StoredItem)),
    }),
  };
}

/** ListTables: names in order, after ExclusiveStartTableName, at most `limit` (≤ 100). */
export function listTableNames(
  names: readonly string[],
  options: { readonly exclusiveStartTableName?: string; readonly limit?: number },
): { readonly tableNames: readonly string[]; readonly lastEvaluatedTableName?: string } {
  checkLimit(options.limit, 100);
  const start = options.exclusiveStartTableName;
  const remaining = [...names].sort().filter((name) => start === undefined || name > start);
  const page = remaining.slice(0, options.limit ?? 100);
  const last = page[page.length - 1];
  return {
    tableNames: page,
    ...(page.length < remaining.length && last !== undefined && { lastEvaluatedTableName: last }),
  };
}
