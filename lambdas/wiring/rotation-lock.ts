/** One rotation per principal at a time, for either provider: the DynamoDB lock table. */

import { dynamoDbClient } from '../adapters/aws/dynamodb-client.ts';
import { dynamoDbRotationLock } from '../adapters/aws/dynamodb-rotation-lock.ts';
import { rotatorSettings } from '../config/container-settings.ts';
import type { RotationLock } from '../rotation/ports.ts';
import { systemClock } from './system-clock.ts';

export const rotationLock: RotationLock = dynamoDbRotationLock(
  dynamoDbClient,
  rotatorSettings.lockTableName,
  systemClock,
);
