/**
 * Functions that are no state of a workflow but an operator's action, run
 * with the rotator's own permissions and configuration so the operator needs
 * only lambda:InvokeFunction. Today: `reactivate-old-key`, which `akr
 * rollback` invokes during a rotation's deletion delay. Each carries
 * `akr:operation` metadata, by which the local runner finds it.
 */
import type { CfnResource } from 'aws-cdk-lib';
import type { RotationStep } from './rotation-steps.ts';

export const OPERATION_METADATA_KEY = 'akr:operation';

export const OPERATOR_ACTIONS = {
  'reactivate-old-key': {
    entry: 'lambdas/handlers/reactivate-old-key.ts',
    description: 'Operator rollback: re-activates the retired old key during the deletion delay',
    access: {
      iam: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
      secrets: [],
      lock: ['dynamodb:DeleteItem'],
      callsKeyApi: true,
    },
    notifies: false,
  },
} as const satisfies Readonly<Record<string, RotationStep>>;

export type OperatorAction = keyof typeof OPERATOR_ACTIONS;

export function markOperation(resource: CfnResource, operation: OperatorAction): void {
  resource.addMetadata(OPERATION_METADATA_KEY, operation);
}
