/**
 * RotationLock on a DynamoDB table (partition key `lockId`, TTL attribute
 * `expiresAtEpoch`). The condition on PutItem is the whole mutual exclusion:
 * DynamoDB evaluates it atomically with the write, so two rotations of one
 * principal cannot both succeed.
 */
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Clock, LockHolder, RotationLock } from '../../rotation/ports.ts';
import { callAws, hasErrorName } from './transient-errors.ts';

/** Free, or already ours (a retried Plan), or abandoned by a rotation whose lease ran out. */
export const ACQUIRE_CONDITION =
  'attribute_not_exists(lockId) OR rotationId = :rotationId OR expiresAtEpoch < :now';
export const RELEASE_CONDITION = 'rotationId = :rotationId';

const CONDITION_FAILED = 'ConditionalCheckFailedException';

type Item = Record<string, AttributeValue>;

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function toItem(lockId: string, holder: LockHolder): Item {
  return {
    lockId: { S: lockId },
    rotationId: { S: holder.rotationId },
    executionArn: { S: holder.executionArn },
    acquiredAt: { S: holder.acquiredAt },
    expiresAt: { S: holder.expiresAt },
    // Also the table's TTL attribute, so abandoned locks disappear on their own.
    expiresAtEpoch: { N: String(epochSeconds(new Date(holder.expiresAt))) },
  };
}

function toHolder(item: Item): LockHolder | undefined {
  const text = (name: string) => item[name]?.S;
  const rotationId = text('rotationId');
  if (rotationId === undefined) return undefined;
  return {
    rotationId,
    executionArn: text('executionArn') ?? '',
    acquiredAt: text('acquiredAt') ?? '',
    expiresAt: text('expiresAt') ?? '',
  };
}

export function dynamoDbRotationLock(client: DynamoDBClient, tableName: string, clock: Clock): RotationLock {
  return {
    async holder(lockId) {
      const { Item } = await callAws('DynamoDB GetItem', () =>
        // Strongly consistent: an eventually consistent read could miss a lock taken a moment ago.
        client.send(
          new GetItemCommand({ TableName: tableName, Key: { lockId: { S: lockId } }, ConsistentRead: true }),
        ),
      );
      return Item === undefined ? undefined : toHolder(Item);
    },

    async acquire(lockId, holder) {
      try {
        await callAws('DynamoDB PutItem', () =>
          client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: toItem(lockId, holder),
              ConditionExpression: ACQUIRE_CONDITION,
              ExpressionAttributeValues: {
                ':rotationId': { S: holder.rotationId },
                ':now': { N: String(epochSeconds(clock.now())) },
              },
            }),
          ),
        );
        return true;
      } catch (error) {
        if (hasErrorName(error, CONDITION_FAILED)) return false;
        throw error;
      }
    },

    async release(lockId, rotationId) {
      try {
        await callAws('DynamoDB DeleteItem', () =>
          client.send(
            new DeleteItemCommand({
              TableName: tableName,
              Key: { lockId: { S: lockId } },
              ConditionExpression: RELEASE_CONDITION,
              ExpressionAttributeValues: { ':rotationId': { S: rotationId } },
            }),
          ),
        );
      } catch (error) {
        // Someone else's lock, or none at all: either way this rotation holds nothing to release.
        if (!hasErrorName(error, CONDITION_FAILED)) throw error;
      }
    },
  };
}
