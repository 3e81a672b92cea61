/**
 * The lock that allows one rotation at a time per principal (invariant 5).
 * Plan takes it with a conditional put on `lockId` (`<provider>#<principal>`);
 * Record and RollBack release it. `expiresAtEpoch` lets DynamoDB drop a lock
 * whose execution died without releasing it.
 */
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

export const LOCK_PARTITION_KEY = 'lockId';
export const LOCK_TTL_ATTRIBUTE = 'expiresAtEpoch';

export class RotationLockTable extends dynamodb.Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: { name: LOCK_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: LOCK_TTL_ATTRIBUTE,
      // Locks hold only principal names and execution ids: the AWS-managed key is enough.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
    });
  }
}
