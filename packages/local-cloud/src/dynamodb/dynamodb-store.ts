/**
 * DynamoDB tables, enough for the rotation lock: key-addressed items and
 * conditional writes evaluated atomically against the stored item. Atomicity
 * comes from the state store: each write is one synchronous read-check-write.
 */

import { CloudApiError } from '../cloud-api-error.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { StoredItem, StoredTable } from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import { evaluateCondition } from './condition-evaluator.ts';
import { type ExpressionRequest, prepareExpressions } from './expression-attributes.ts';
import { projectItem } from './projection.ts';
import { itemKey, keyOfItem, validateTableSpec } from './table-keys.ts';
import { listTableNames, type ScanPage, type ScanRequest, scanTable } from './table-scan.ts';

export type TableDescription = Readonly<Omit<StoredTable, 'items'>> & { readonly itemCount: number };

export interface CreateTableSpec {
  readonly tableName: string;
  readonly keySchema: StoredTable['keySchema'];
  readonly attributeDefinitions: StoredTable['attributeDefinitions'];
  readonly billingMode?: string;
}

export interface WriteOptions extends Omit<ExpressionRequest, 'projection'> {
  /** Return the stored item in ConditionalCheckFailedException (ReturnValuesOnConditionCheckFailure=ALL_OLD). */
  readonly returnItemOnConditionFailure?: boolean;
}

function tableNotFound(tableName: string): CloudApiError {
  return new CloudApiError(
    'ResourceNotFoundException',
    `Requested resource not found: Table: ${tableName} not found`,
  );
}

function describe(table: StoredTable): TableDescription {
  const { items, ...rest } = stateCopy(table);
  return { ...rest, itemCount: Object.keys(items).length };
}

export class DynamoDbStore {
  readonly #state: CloudStateStore;

  constructor(state: CloudStateStore) {
    this.#state = state;
  }

  createTable(spec: CreateTableSpec): TableDescription {
    validateTableSpec(spec.keySchema, spec.attributeDefinitions);
    return this.#state.mutate((draft) => {
      if (draft.dynamodb.tables[spec.tableName])
        throw new CloudApiError('ResourceInUseException', `Table already exists: ${spec.tableName}`);
      const table: StoredTable = {
        tableName: spec.tableName,
        keySchema: [...spec.keySchema],
        attributeDefinitions: [...spec.attributeDefinitions],
        billingMode: spec.billingMode ?? 'PROVISIONED',
        createdDate: new Date().toISOString(),
        items: {},
      };
      draft.dynamodb.tables[spec.tableName] = table;
      return describe(table);
    });
  }

  findTable(tableName: string): TableDescription | undefined {
    const table = this.#state.read().dynamodb.tables[tableName];
    return table && describe(table);
  }

  describeTable(tableName: string): TableDescription {
    const table = this.findTable(tableName);
    if (!table) throw tableNotFound(tableName);
    return table;
  }

  /** ListTables: one page of table names, in order. */
  listTables(options: { readonly exclusiveStartTableName?: string; readonly limit?: number } = {}) {
    return listTableNames(Object.keys(this.#state.read().dynamodb.tables), options);
  }

  /** Scan: one page of the table's items, filtered (`condition` is the FilterExpression) and projected. */
  scan(tableName: string, request: ScanRequest & ExpressionRequest = {}): ScanPage {
    const table = this.#state.read().dynamodb.tables[tableName];
    if (!table) throw tableNotFound(tableName);
    return scanTable(table, request, prepareExpressions(request, 'FilterExpression'));
  }

  getItem(
    tableName: string,
    key: StoredItem,
    request: Omit<ExpressionRequest, 'condition' | 'values'> = {},
  ): StoredItem | undefined {
    const table = this.#state.read().dynamodb.tables[tableName];
    if (!table) throw tableNotFound(tableName);
    const prepared = prepareExpressions(request);
    const item = table.items[itemKey(table, key)];
    return item && projectItem(stateCopy(item), prepared);
  }

  /** @returns the item it replaced, if any. */
  putItem(tableName: string, item: StoredItem, options: WriteOptions = {}): StoredItem | undefined {
    return this.#write(tableName, keyOfItem, item, options, (table, id) => {
      table.items[id] = stateCopy(item);
    });
  }

  /** @returns the item it deleted, if any. */
  deleteItem(tableName: string, key: StoredItem, options: WriteOptions = {}): StoredItem | undefined {
    return this.#write(tableName, itemKey, key, options, (table, id) => {
      delete table.items[id];
    });
  }

  #write(
    tableName: string,
    keyFor: (table: StoredTable, source: StoredItem) => string,
    source: StoredItem,
    options: WriteOptions,
    apply: (table: StoredTable, id: string) => void,
  ): StoredItem | undefined {
    const prepared = prepareExpressions(options);
    return this.#state.mutate((draft) => {
      const table = draft.dynamodb.tables[tableName];
      if (!table) throw tableNotFound(tableName);
      const id = keyFor(table, source);
      const existing = table.items[id];
      if (prepared.condition && !evaluateCondition(prepared.condition, existing, prepared))
        throw new CloudApiError(
          'ConditionalCheckFailedException',
          'The conditional request failed',
          400,
          options.returnItemOnConditionFailure && existing ? { Item: existing } : {},
        );
      apply(table, id);
      return existing && stateCopy(existing);
    });
  }
}
