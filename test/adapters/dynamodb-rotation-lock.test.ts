import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoDbRotationLock } from '../../lambdas/adapters/aws/dynamodb-rotation-lock.ts';
import type { LockHolder } from '../../lambdas/rotation/ports.ts';
import { sdkError } from './sdk-errors.ts';

const dynamoMock = mockClient(DynamoDBClient);
const now = new Date('2025-02-01T00:00:00.000Z');
const lock = dynamoDbRotationLock(new DynamoDBClient({ region: 'eu-west-1' }), 'akr-locks', {
  now: () => now,
});
const holder: LockHolder = {
  rotationId: 'rotation-1',
  executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:akr:rotation-1',
  acquiredAt: '2025-02-01T00:00:00.000Z',
  expiresAt: '2025-03-01T00:00:00.000Z',
};
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('DynamoDB rotation lock', () => {
  beforeEach(() => dynamoMock.reset());

  it('acquires with one conditional PutItem: free, ours already, or expired', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).resolves({});

    // Act
    const acquired = await lock.acquire('aws#alice', holder);

    // Assess
    expect(acquired).toBe(true);
    expect(dynamoMock.commandCalls(PutItemCommand)[0]?.args[0].input).toEqual({
      TableName: 'akr-locks',
      Item: {
        lockId: { S: 'aws#alice' },
        rotationId: { S: 'rotation-1' },
        executionArn: { S: holder.executionArn },
        acquiredAt: { S: '2025-02-01T00:00:00.000Z' },
        expiresAt: { S: '2025-03-01T00:00:00.000Z' },
        expiresAtEpoch: { N: String(Date.parse('2025-03-01T00:00:00.000Z') / 1000) },
      },
      ConditionExpression:
        'attribute_not_exists(lockId) OR rotationId = :rotationId OR expiresAtEpoch < :now',
      ExpressionAttributeValues: {
        ':rotationId': { S: 'rotation-1' },
        ':now': { N: String(now.getTime() / 1000) },
      },
    });
  });

  it('reports a lock held by another live rotation as not acquired', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).rejects(conditionFailed());

    // Act
    const acquired = await lock.acquire('aws#alice', holder);

    // Assess
    expect(acquired).toBe(false);
  });

  it('wraps a DynamoDB throttle into TransientError instead of reporting the lock as taken', async () => {
    // Prepare
    dynamoMock.on(PutItemCommand).rejects(sdkError('ProvisionedThroughputExceededException', 'slow down'));

    // Act
    const result = lock.acquire('aws#alice', holder);

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('reads the holder with a strongly consistent GetItem', async () => {
    // Prepare
    dynamoMock.on(GetItemCommand).resolves({
      Item: {
        lockId: { S: 'aws#alice' },
        rotationId: { S: 'rotation-1' },
        executionArn: { S: holder.executionArn },
        acquiredAt: { S: holder.acquiredAt },
        expiresAt: { S: holder.expiresAt },
        expiresAtEpoch: { N: '1740787200' },
      },
    });

    // Act
    const current = await lock.holder('aws#alice');

    // Assess
    expect(current).toEqual(holder);
    expect(dynamoMock.commandCalls(GetItemCommand)[0]?.args[0].input).toEqual({
      TableName: 'akr-locks',
      Key: { lockId: { S: 'aws#alice' } },
      ConsistentRead: true,
    });
  });

  it('reports a free lock as no holder', async () => {
    // Prepare
    dynamoMock.on(GetItemCommand).resolves({});

    // Act
    const current = await lock.holder('aws#alice');

    // Assess
    expect(current).toBeUndefined();
  });

  it('releases only its own lock and ignores one held by someone else', async () => {
    // Prepare
    dynamoMock.on(DeleteItemCommand).rejects(conditionFailed());

    // Act
    const result = lock.release('aws#alice', 'rotation-1');

    // Assess
    await expect(result).resolves.toBeUndefined();
    expect(dynamoMock.commandCalls(DeleteItemCommand)[0]?.args[0].input).toEqual({
      TableName: 'akr-locks',
      Key: { lockId: { S: 'aws#alice' } },
      ConditionExpression: 'rotationId = :rotationId',
      ExpressionAttributeValues: { ':rotationId': { S: 'rotation-1' } },
    });
  });
});
