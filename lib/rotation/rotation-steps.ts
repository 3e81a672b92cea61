/**
 * What each rotation step is: its handler and the exact AWS actions its rule
 * uses. Both providers run the same handlers; least privilege is read off this
 * table, so a step that starts calling a new API fails with AccessDenied until
 * the call is added here. Publish (key rotated), CheckOldKeyUse (deferred,
 * deactivation upcoming) and Record (failed) also notify; Record alone writes
 * the evidence archive.
 */
import type { RotationStepFunctions } from './rotation-definition.ts';

export type IamUserAction =
  | 'iam:GetUser'
  | 'iam:ListUserTags'
  | 'iam:ListAccessKeys'
  | 'iam:GetAccessKeyLastUsed'
  | 'iam:CreateAccessKey'
  | 'iam:UpdateAccessKey'
  | 'iam:DeleteAccessKey';

export type SecretAction =
  | 'secretsmanager:DescribeSecret'
  | 'secretsmanager:GetSecretValue'
  | 'secretsmanager:CreateSecret'
  | 'secretsmanager:PutSecretValue'
  | 'secretsmanager:TagResource'
  | 'secretsmanager:UpdateSecretVersionStage';

export type LockAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:DeleteItem';

export interface StepAccess {
  /** AWS only: Yandex keys are changed over the Yandex API with the rotator's authorized key. */
  readonly iam: readonly IamUserAction[];
  readonly secrets: readonly SecretAction[];
  readonly lock: readonly LockAction[];
  /**
   * Whether the step reads or changes the principal's keys through the
   * provider's key API: AWS IAM (the `iam` actions above), or the Yandex IAM
   * REST API, into which the function signs with the rotator's authorized key.
   * Only these Yandex functions may read that key, and only they are told its name.
   */
  readonly callsKeyApi: boolean;
}

export interface RotationStep {
  /** Repo-relative handler source. */
  readonly entry: string;
  readonly description: string;
  readonly access: StepAccess;
  /** Whether the step sends rotation events (SNS topic and EventBridge bus). */
  readonly notifies: boolean;
  /** Whether the step writes the evidence record to the archive bucket (`s3:PutObject` under `evidence/`). */
  readonly archives?: boolean;
}

export type RotationStepId = keyof RotationStepFunctions;

export const ROTATION_STEPS: Readonly<Record<RotationStepId, RotationStep>> = {
  plan: {
    entry: 'lambdas/handlers/plan.ts',
    description: 'Validates the input, chooses the old key and takes the rotation lock',
    access: {
      // GetAccessKeyLastUsed finds the owner of a key named by id. It is authorized on the
      // owning user's ARN, so under the same user-path scope a key outside it is not found.
      iam: ['iam:GetUser', 'iam:ListUserTags', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
      secrets: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      lock: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      callsKeyApi: true,
    },
    notifies: false,
  },
  createKey: {
    entry: 'lambdas/handlers/create-key.ts',
    description: 'Creates the new access key and stores it as AWSPENDING',
    access: {
      iam: ['iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:DeleteAccessKey'],
      secrets: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:CreateSecret',
        'secretsmanager:PutSecretValue',
        'secretsmanager:TagResource',
      ],
      lock: [],
      callsKeyApi: true,
    },
    notifies: false,
  },
  verifyKey: {
    entry: 'lambdas/handlers/verify-key.ts',
    description: 'Signs a request with the new key: STS on AWS, Object Storage on Yandex (no IAM permission)',
    access: { iam: [], secrets: ['secretsmanager:GetSecretValue'], lock: [], callsKeyApi: false },
    notifies: false,
  },
  publish: {
    entry: 'lambdas/handlers/publish.ts',
    description: 'Moves AWSCURRENT to the new key version',
    access: {
      iam: [],
      secrets: ['secretsmanager:DescribeSecret', 'secretsmanager:UpdateSecretVersionStage'],
      lock: [],
      callsKeyApi: false,
    },
    notifies: true,
  },
  checkOldKeyUse: {
    entry: 'lambdas/handlers/check-old-key-use.ts',
    description: 'Checks whether the old key was used after the new one was published',
    access: { iam: ['iam:GetAccessKeyLastUsed'], secrets: [], lock: [], callsKeyApi: true },
    notifies: true,
  },
  retireOldKey: {
    entry: 'lambdas/handlers/retire-old-key.ts',
    description: 'Retires the old key: Inactive on AWS, marked retired on Yandex',
    access: {
      iam: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
      secrets: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      lock: [],
      callsKeyApi: true,
    },
    notifies: false,
  },
  deleteOldKey: {
    entry: 'lambdas/handlers/delete-old-key.ts',
    description: 'Deletes the old key and drops the AWSPREVIOUS label',
    access: {
      iam: ['iam:ListAccessKeys', 'iam:DeleteAccessKey'],
      secrets: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      lock: [],
      callsKeyApi: true,
    },
    notifies: false,
  },
  rollBack: {
    entry: 'lambdas/handlers/roll-back.ts',
    description: 'Deletes the unpublished new key and pending version, and releases the lock',
    access: {
      iam: ['iam:ListAccessKeys', 'iam:DeleteAccessKey'],
      secrets: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      lock: ['dynamodb:DeleteItem'],
      callsKeyApi: true,
    },
    notifies: false,
  },
  record: {
    entry: 'lambdas/handlers/record.ts',
    description: 'Outputs the evidence record, releases the lock and archives the record',
    access: { iam: [], secrets: [], lock: ['dynamodb:DeleteItem'], callsKeyApi: false },
    notifies: true,
    archives: true,
  },
};

/** Builds one value per step, keeping the step ids as keys. */
export function mapRotationSteps<T>(
  build: (id: RotationStepId, step: RotationStep) => T,
): Record<RotationStepId, T> {
  const ids = Object.keys(ROTATION_STEPS) as RotationStepId[];
  return Object.fromEntries(ids.map((id) => [id, build(id, ROTATION_STEPS[id])])) as Record<
    RotationStepId,
    T
  >;
}
