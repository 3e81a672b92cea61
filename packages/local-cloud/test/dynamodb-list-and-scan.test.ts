/**
 * ListTables and Scan, the first calls people make against a table, through
 * the real DynamoDB client: every page, filters and projections as DynamoDB
 * applies them (Limit counts the items read, before the filter).
 */
import {
  CreateTableCommand,
  DescribeBackupCommand,
  ListTablesCommand,
  PutItemCommand,
  paginateListTables,
  paginateScan,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('local DynamoDB ListTables and Scan', () => {
  let t: TestCloud;
  const createTable = (TableName: string) =>
    t.dynamodb.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );

  beforeEach(async () => {
    t = await startTestCloud();
  });
  afterEach(() => t.close());

  it('lists every table in name order, a page of Limit at a time', async () => {
    // Prepare
    for (const name of ['locks-c', 'locks-a', 'locks-e', 'locks-b', 'locks-d']) await createTable(name);
    // Act
    const first = await t.dynamodb.send(new ListTablesCommand({ Limit: 2 }));
    const pages: string[][] = [];
    for await (const page of paginateListTables({ client: t.dynamodb, pageSize: 2 }, {}))
      pages.push(page.TableNames ?? []);
    const all = await t.dynamodb.send(new ListTablesCommand({}));
    // Assess
    expect(first).toMatchObject({ TableNames: ['locks-a', 'locks-b'], LastEvaluatedTableName: 'locks-b' });
    expect(pages).toEqual([['locks-a', 'locks-b'], ['locks-c', 'locks-d'], ['locks-e']]);
    expect(all.TableNames).toHaveLength(5);
    expect(all.LastEvaluatedTableName).toBeUndefined();
    expect(await rejectionOf(t.dynamodb.send(new ListTablesCommand({ Limit: 101 })))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
  });

  it('scans every item across pages with Limit and ExclusiveStartKey', async () => {
    await createTable('locks');
    for (let i = 0; i < 7; i++)
      await t.dynamodb.send(
        new PutItemCommand({
          TableName: 'locks',
          Item: { lockId: { S: `aws#user-${i}` }, n: { N: String(i) } },
        }),
      );

    const first = await t.dynamodb.send(new ScanCommand({ TableName: 'locks', Limit: 3 }));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateScan({ client: t.dynamodb, pageSize: 3 }, { TableName: 'locks' })) {
      pages += 1;
      for (const item of page.Items ?? []) seen.push(item.lockId?.S ?? '');
    }

    expect(first).toMatchObject({ Count: 3, ScannedCount: 3 });
    expect(first.LastEvaluatedKey).toEqual(first.Items?.[2] && { lockId: first.Items[2].lockId });
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `aws#user-${i}`));
  });

  it('filters after reading (Limit counts the items read) and projects attributes', async () => {
    await createTable('locks');
    for (let i = 0; i < 6; i++)
      await t.dynamodb.send(
        new PutItemCommand({
          TableName: 'locks',
          Item: { lockId: { S: `k${i}` }, rotationId: { S: `r${i}` }, expiresAtEpoch: { N: String(i * 10) } },
        }),
      );

    const filtered = await t.dynamodb.send(
      new ScanCommand({
        TableName: 'locks',
        FilterExpression: 'expiresAtEpoch >= :from',
        ProjectionExpression: 'lockId, #rotation',
        ExpressionAttributeNames: { '#rotation': 'rotationId' },
        ExpressionAttributeValues: { ':from': { N: '30' } },
      }),
    );
    const limited = await t.dynamodb.send(
      new ScanCommand({
        TableName: 'locks',
        Limit: 2,
        FilterExpression: 'expiresAtEpoch >= :from',
        ExpressionAttributeValues: { ':from': { N: '30' } },
      }),
    );
    const counted = await t.dynamodb.send(new ScanCommand({ TableName: 'locks', Select: 'COUNT' }));

    expect(filtered).toMatchObject({ Count: 3, ScannedCount: 6 });
    expect(filtered.Items?.map((item) => item.lockId?.S).sort()).toEqual(['k3', 'k4', 'k5']);
    for (const item of filtered.Items ?? [])
      expect(Object.keys(item).sort()).toEqual(['lockId', 'rotationId']);
    expect(limited).toMatchObject({ Count: 0, ScannedCount: 2, LastEvaluatedKey: { lockId: { S: 'k1' } } });
    expect(counted).toMatchObject({ Count: 6, ScannedCount: 6 });
    expect(counted.Items).toBeUndefined();
  });

  it('refuses what DynamoDB refuses, naming the FilterExpression', async () => {
    await createTable('locks');

    const missing = await rejectionOf(t.dynamodb.send(new ScanCommand({ TableName: 'nope' })));
    const undefinedValue = await rejectionOf(
      t.dynamodb.send(new ScanCommand({ TableName: 'locks', FilterExpression: 'n = :missing' })),
    );
    const badKey = await rejectionOf(
      t.dynamodb.send(new ScanCommand({ TableName: 'locks', ExclusiveStartKey: { other: { S: 'x' } } })),
    );

    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
    expect(undefinedValue).toMatchObject({ name: 'ValidationException' });
    expect(undefinedValue.message).toContain('Invalid FilterExpression');
    expect(badKey).toMatchObject({ name: 'ValidationException' });
  });

  it('answers an operation it does not emulate with UnknownOperationException naming it', async () => {
    const refused = await rejectionOf(
      t.dynamodb.send(
        new DescribeBackupCommand({ BackupArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/backup/b' }),
      ),
    );

    expect(refused).toMatchObject({
      name: 'UnknownOperationException',
      status: 400,
      message: 'DynamoDB DescribeBackup is not emulated by the local cloud',
    });
  });
});
