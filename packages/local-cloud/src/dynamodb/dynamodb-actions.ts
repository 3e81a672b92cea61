/**
 * DynamoDB actions over JSON 1.0, the subset a lock table uses. Legacy
 * parameters (Expected, AttributesToGet, …) are refused rather than ignored, so
 * nothing passes locally that would behave differently in AWS.
 */

import { CloudApiError } from '../cloud-api-error.ts';
import { LOCAL_REGION } from '../cloud-constants.ts';
import type { JsonAction, JsonInput } from '../http/call-context.ts';
import {
  epochSeconds,
  optionalNumber,
  optionalObject,
  optionalString,
  requiredString,
} from '../http/json-input.ts';
import type { StoredItem, StoredTable } from '../state/cloud-state.ts';
import type { DynamoDbStore, TableDescription, WriteOptions } from './dynamodb-store.ts';

const LEGACY_PARAMETERS = ['Expected', 'ConditionalOperator', 'AttributesToGet', 'ScanFilter'];
/** Scan members the local cloud does not emulate: refused, not ignored. */
const UNSUPPORTED_SCAN_PARAMETERS = ['Segment', 'TotalSegments', 'IndexName'];

/** An enum member the local cloud supports only in part: the first of `supported` is the default. */
function supportedChoice(input: JsonInput, member: string, supported: readonly [string, string]): string {
  const value = optionalString(input, member) ?? supported[0];
  if (!supported.includes(value))
    throw new CloudApiError(
      'ValidationException',
      `${member} ${value} is not supported by the local cloud; use ${supported.join(' or ')}`,
    );
  return value;
}

function tableShape(table: TableDescription, accountId: string): Record<string, unknown> {
  return {
    TableName: table.tableName,
    TableStatus: 'ACTIVE',
    KeySchema: table.keySchema,
    AttributeDefinitions: table.attributeDefinitions,
    TableArn: `arn:aws:dynamodb:${LOCAL_REGION}:${accountId}:table/${table.tableName}`,
    CreationDateTime: epochSeconds(table.createdDate),
    ItemCount: table.itemCount,
    TableSizeBytes: 0,
    BillingModeSummary: { BillingMode: table.billingMode },
  };
}

function requiredMap(input: JsonInput, member: string): StoredItem {
  const value = optionalObject(input, member);
  if (!value)
    throw new CloudApiError(
      'ValidationException',
      `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return value as StoredItem;
}

function refuseLegacy(input: JsonInput): void {
  const legacy = LEGACY_PARAMETERS.find((name) => input[name] !== undefined);
  if (legacy)
    throw new CloudApiError(
      'ValidationException',
      `${legacy} is a legacy parameter not supported by the local cloud`,
    );
}

function returnsOld(input: JsonInput): boolean {
  return supportedChoice(input, 'ReturnValues', ['NONE', 'ALL_OLD']) === 'ALL_OLD';
}

function writeOptions(input: JsonInput): WriteOptions {
  refuseLegacy(input);
  return {
    condition: optionalString(input, 'ConditionExpression'),
    names: optionalObject(input, 'ExpressionAttributeNames') as Record<string, string> | undefined,
    values: optionalObject(input, 'ExpressionAttributeValues') as WriteOptions['values'],
    returnItemOnConditionFailure: optionalString(input, 'ReturnValuesOnConditionCheckFailure') === 'ALL_OLD',
  };
}

export function dynamodbActions(dynamodb: DynamoDbStore, accountId: string): Record<string, JsonAction> {
  return {
    CreateTable: (input) => {
      const created = dynamodb.createTable({
        tableName: requiredString(input, 'TableName'),
        keySchema: (input.KeySchema ?? []) as StoredTable['keySchema'],
        attributeDefinitions: (input.AttributeDefinitions ?? []) as StoredTable['attributeDefinitions'],
        billingMode: optionalString(input, 'BillingMode'),
      });
      return { TableDescription: tableShape(created, accountId) };
    },

    ListTables: (input) => {
      const page = dynamodb.listTables({
        exclusiveStartTableName: optionalString(input, 'ExclusiveStartTableName'),
        limit: optionalNumber(input, 'Limit'),
      });
      return { TableNames: page.tableNames, LastEvaluatedTableName: page.lastEvaluatedTableName };
    },

    Scan: (input) => {
      refuseLegacy(input);
      const unsupported = UNSUPPORTED_SCAN_PARAMETERS.find((name) => input[name] !== undefined);
      if (unsupported)
        throw new CloudApiError(
          'ValidationException',
          `Scan ${unsupported} is not supported by the local cloud`,
        );
      const countOnly = supportedChoice(input, 'Select', ['ALL_ATTRIBUTES', 'COUNT']) === 'COUNT';
      const page = dynamodb.scan(requiredString(input, 'TableName'), {
        limit: optionalNumber(input, 'Limit'),
        exclusiveStartKey: optionalObject(input, 'ExclusiveStartKey') as StoredItem | undefined,
        countOnly,
        condition: optionalString(input, 'FilterExpression'),
        projection: optionalString(input, 'ProjectionExpression'),
        names: optionalObject(input, 'ExpressionAttributeNames') as Record<string, string> | undefined,
        values: optionalObject(input, 'ExpressionAttributeValues') as WriteOptions['values'],
      });
      return {
        ...(!countOnly && { Items: page.items }),
        Count: page.count,
        ScannedCount: page.scannedCount,
        LastEvaluatedKey: page.lastEvaluatedKey,
      };
    },

    DescribeTable: (input) => ({
      Table: tableShape(dynamodb.describeTable(requiredString(input, 'TableName')), accountId),
    }),

    GetItem: (input) => {
      refuseLegacy(input);
      const item = dynamodb.getItem(requiredString(input, 'TableName'), requiredMap(input, 'Key'), {
        projection: optionalString(input, 'ProjectionExpression'),
        names: optionalObject(input, 'ExpressionAttributeNames') as Record<string, string> | undefined,
      });
      return item ? { Item: item } : {};
    },

    PutItem: (input) => {
      const all = returnsOld(input);
      const old = dynamodb.putItem(
        requiredString(input, 'TableName'),
        requiredMap(input, 'Item'),
        writeOptions(input),
      );
      return all && old ? { Attributes: old } : {};
    },

    DeleteItem: (input) => {
      const all = returnsOld(input);
      const old = dynamodb.deleteItem(
        requiredString(input, 'TableName'),
        requiredMap(input, 'Key'),
        writeOptions(input),
      );
      return all && old ? { Attributes: old } : {};
    },
  };
}
