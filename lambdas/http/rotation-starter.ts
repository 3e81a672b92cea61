/**
 * The port a rotation is started through, by the endpoint and by the leak
 * response. The adapter (lambdas/adapters/aws/step-functions-rotation-starter.ts)
 * starts an execution of the provider's rotation state machine.
 */
import type { Provider } from '../rotation/rotation-state.ts';

/**
 * The state machine's execution input, written as given: Plan validates it
 * again, so a starter never needs to know the rules. Absent fields take the
 * deployment's defaults.
 */
export interface RotationStartInput {
  readonly principal?: string;
  /** The named (often exposed) key; its owner is looked up when no principal is given. */
  readonly accessKeyId?: string;
  /** AWS only, with accessKeyId and without principal: the member account that holds the key. */
  readonly account?: string;
  readonly emergency?: boolean;
  /** ISO-8601; only with emergency. */
  readonly exposureReportedAt?: string;
  readonly gracePeriodSeconds?: number;
  readonly deletionDelaySeconds?: number;
  readonly dryRun?: boolean;
}

export interface RotationStart {
  readonly provider: Provider;
  /** Also the rotation id every step works from. */
  readonly executionName: string;
  readonly input: RotationStartInput;
  /** The target as messages name it: `principal alice`, or `access key AKIA…` when only the key is known. */
  readonly label: string;
}

export interface StartedRotation {
  readonly executionArn: string;
  readonly startDate: Date;
}

export interface RotationStarter {
  /**
   * @throws ProviderNotDeployedError when no state machine serves the provider.
   * @throws RotationAlreadyStartedError when an execution already has that name.
   */
  start(start: RotationStart): Promise<StartedRotation>;
}
