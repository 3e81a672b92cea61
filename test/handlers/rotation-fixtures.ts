/**
 * A plan and the ids the handler tests share. The secret value is a marker
 * string that the tests search for in results, errors and logs.
 */
import type { RotationPlan, RotationState } from '../../lambdas/rotation/rotation-state.ts';
import { secretVersionIdFor } from '../../lambdas/rotation/secret-version-id.ts';

/** The execution name: too short for a ClientRequestToken (32-64 characters), as names may be. */
export const ROTATION_ID = 'alice-20250201';
export const EXECUTION_ARN = `arn:aws:states:eu-west-1:123456789012:execution:akr:${ROTATION_ID}`;
export const SECRET_NAME = 'access-key-rotator/aws/alice';
export const OLD_KEY_ID = 'AKIAOLD0000000000001';
export const NEW_KEY_ID = 'AKIANEW0000000000001';
export const OLD_SECRET = 'old-SECRET-must-not-leak';
export const NEW_SECRET = 'new-SECRET-must-not-leak';
export const STARTED_AT = '2025-02-01T00:00:00.000Z';
/** The version that holds the new key (the PutSecretValue ClientRequestToken), as Plan computes it. */
export const SECRET_VERSION_ID = secretVersionIdFor(EXECUTION_ARN, STARTED_AT);

export const plan: RotationPlan = {
  rotationId: ROTATION_ID,
  executionArn: EXECUTION_ARN,
  secretVersionId: SECRET_VERSION_ID,
  provider: 'aws',
  principal: 'alice',
  secretName: SECRET_NAME,
  startedAt: STARTED_AT,
  gracePeriodSeconds: 604_800,
  graceWaitSeconds: 604_800,
  deletionDelaySeconds: 604_800,
  dryRun: false,
  oldKeyId: OLD_KEY_ID,
  hasOldKey: true,
  existingKeyIds: [OLD_KEY_ID],
  inactiveKeyToDeleteId: null,
  adoption: false,
  oldKeyInUsePolicy: 'defer',
  maxDeferrals: 3,
  emergency: false,
  emergencyRevocation: 'NONE',
  exposureReportedAt: null,
  exposedKeyId: null,
  principalPath: '/',
  readerArns: [],
};

/** The state as the workflow passes it on, with the execution input still riding along. */
export function stateAfter(steps: Omit<RotationState, 'plan'> = {}): RotationState & { principal: string } {
  return { principal: 'alice', plan, ...steps };
}

export function storedCredential(keyId: string, secret: string): string {
  return JSON.stringify({ Version: 1, AccessKeyId: keyId, SecretAccessKey: secret });
}

/** What CreateKey returns for the shared plan: the new key and the secret version holding it. */
export const createdKey = {
  newKeyId: NEW_KEY_ID,
  newKeyCreatedAt: '2025-02-01T00:01:00.000Z',
  secretVersionId: SECRET_VERSION_ID,
  deletedInactiveKeyId: null,
};
