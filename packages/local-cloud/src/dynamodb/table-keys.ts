/**
 * Primary-key rules: a table's key schema must be declared in its attribute
 * definitions, and every item or key must carry exactly the key attributes
 * with the declared types. Items are stored under a canonical key string.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { StoredItem, StoredTable } from '../state/cloud-state.ts';

function invalid(detail: string): CloudApiError {
  return new CloudApiError('ValidationException', `One or more parameter values were invalid: ${detail}`);
}

export function validateTableSpec(
  keySchema: StoredTable['keySchema'],
  definitions: StoredTable['attributeDefinitions'],
): void {
  const [hash, range, ...extra] = keySchema;
  if (hash?.KeyType !== 'HASH' || (range && range.KeyType !== 'RANGE') || extra.length > 0)
    throw invalid('Invalid KeySchema: a HASH key, optionally followed by one RANGE key, is required');
  for (const element of keySchema)
    if (!definitions.some((definition) => definition.AttributeName === element.AttributeName))
      throw invalid('Some index key attributes are not defined in AttributeDefinitions');
  if (definitions.length !== keySchema.length)
    throw invalid(
      'Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
}

function keyType(table: StoredTable, attributeName: string): string {
  return (
    table.attributeDefinitions.find((definition) => definition.AttributeName === attributeName)
      ?.AttributeType ?? 'S'
  );
}

function canonical(table: StoredTable, item: StoredItem): string {
  return JSON.stringify(table.keySchema.map(({ AttributeName }) => item[AttributeName]));
}

/** For PutItem: the item must contain every key attribute, typed as declared. */
export function keyOfItem(table: StoredTable, item: StoredItem): string {
  for (const { AttributeName } of table.keySchema) {
    const value = item[AttributeName];
    if (value === undefined) throw invalid(`Missing the key ${AttributeName} in the item`);
    const expected = keyType(table, AttributeName);
    const actual = Object.keys(value)[0];
    if (actual !== expected)
      throw invalid(`Type mismatch for key ${AttributeName} expected: ${expected} actual: ${actual}`);
    if (value[expected] === '')
      throw new CloudApiError(
        'ValidationException',
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${AttributeName}`,
      );
  }
  return canonical(table, item);
}

/** For GetItem and DeleteItem: the key must be exactly the key attributes. */
export function itemKey(table: StoredTable, key: StoredItem): string {
  const names = Object.keys(key);
  const matches =
    names.length === table.keySchema.length &&
    table.keySchema.every(({ AttributeName }) => {
      const value = key[AttributeName];
      return value !== undefined && Object.keys(value)[0] === keyType(table, AttributeName);
    });
  if (!matches)
    throw new CloudApiError('ValidationException', 'The provided key element does not match the schema');
  return canonical(table, key);
}
