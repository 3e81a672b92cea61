import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const TABLE = 'access-key-rotator-locks';
const LOCK = { lockId: { S: 'aws#alice' } };

describe('local DynamoDB as a rotation lock table', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    await t.dynamodb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'lockId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });
  afterEach(() => t.close());

  /** The lock adapter's acquire: free, held by the same rotation, or expired. */
  function acquire(rotationId: string, nowEpoch: number, expiresAtEpoch: number) {
    return t.dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { ...LOCK, rotationId: { S: rotationId }, expiresAtEpoch: { N: String(expiresAtEpoch) } },
        ConditionExpression:
          'attribute_not_exists(lockId) OR rotationId = :rotation OR expiresAtEpoch < :now',
        ExpressionAttributeValues: { ':rotation': { S: rotationId }, ':now': { N: String(nowEpoch) } },
      }),
    );
  }

  function release(rotationId: string) {
    return t.dynamodb.send(
      new DeleteItemCommand({
        TableName: TABLE,
        Key: LOCK,
        ConditionExpression: '#rotation = :rotation',
        ExpressionAttributeNames: { '#rotation': 'rotationId' },
        ExpressionAttributeValues: { ':rotation': { S: rotationId } },
      }),
    );
  }

  async function holder(): Promise<string | undefined> {
    const item = await t.dynamodb.send(
      new GetItemCommand({ TableName: TABLE, Key: LOCK, ConsistentRead: true }),
    );
    return item.Item?.rotationId?.S;
  }

  it('lets one rotation hold the lock, refuses a second, and re-admits the holder', async () => {
    await acquire('rotation-a', 1000, 2000);

    const second = await rejectionOf(acquire('rotation-b', 1001, 2001));
    await acquire('rotation-a', 1002, 2002);

    expect(second).toMatchObject({ name: 'ConditionalCheckFailedException', status: 400 });
    expect(await holder()).toBe('rotation-a');
  });

  it('lets another rotation take over a lock whose expiry has passed', async () => {
    await acquire('rotation-a', 1000, 2000);

    await acquire('rotation-b', 2001, 3000);

    expect(await holder()).toBe('rotation-b');
  });

  it('compares N values numerically, not as strings', async () => {
    await acquire('rotation-a', 1000, 9);

    // "10" < "9" as strings, but 9 < 10 as numbers: the lock has expired.
    await acquire('rotation-b', 10, 20);

    expect(await holder()).toBe('rotation-b');
  });

  it('releases only for the holder', async () => {
    await acquire('rotation-a', 1000, 2000);

    const stranger = await rejectionOf(release('rotation-b'));
    expect(stranger.name).toBe('ConditionalCheckFailedException');
    expect(await holder()).toBe('rotation-a');

    await release('rotation-a');
    expect(await holder()).toBeUndefined();
  });

  it('returns the holder with the failure when asked (ReturnValuesOnConditionCheckFailure)', async () => {
    await acquire('rotation-a', 1000, 2000);

    const failure = await t.dynamodb
      .send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { ...LOCK, rotationId: { S: 'rotation-b' } },
          ConditionExpression: 'attribute_not_exists(lockId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .catch((error: { Item?: Record<string, { S?: string }> }) => error);

    expect((failure as { Item?: Record<string, { S?: string }> }).Item?.rotationId?.S).toBe('rotation-a');
  });

  it('refuses expressions it cannot evaluate faithfully, naming the problem', async () => {
    const put = (ConditionExpression: string, values: Record<string, { S: string }> = { ':v': { S: 'x' } }) =>
      rejectionOf(
        t.dynamodb.send(
          new PutItemCommand({
            TableName: TABLE,
            Item: LOCK,
            ConditionExpression,
            ExpressionAttributeValues: values,
          }),
        ),
      );

    const unsupported = await put('begins_with(rotationId, :v)');
    const reserved = await put('status = :v');
    const unused = await put('rotationId = :v', { ':v': { S: 'x' }, ':extra': { S: 'y' } });
    const undefinedValue = await put('rotationId = :missing');

    expect(unsupported.name).toBe('ValidationException');
    expect(unsupported.message).toContain('begins_with');
    expect(reserved.message).toContain('reserved keyword: status');
    expect(unused.message).toContain(':extra');
    expect(undefinedValue.message).toContain(':missing');
    expect(await holder()).toBeUndefined();
  });

  it('describes the table and reports a missing one as ResourceNotFoundException', async () => {
    const described = await t.dynamodb.send(new DescribeTableCommand({ TableName: TABLE }));
    const missing = await rejectionOf(t.dynamodb.send(new GetItemCommand({ TableName: 'nope', Key: LOCK })));

    expect(described.Table).toMatchObject({
      TableName: TABLE,
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'lockId', KeyType: 'HASH' }],
    });
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 400 });
  });

  it('refuses an item whose key has the wrong type', async () => {
    const failure = await rejectionOf(
      t.dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: { lockId: { N: '1' } } })),
    );

    expect(failure.name).toBe('ValidationException');
    expect(failure.message).toContain('Type mismatch for key lockId');
  });
});
