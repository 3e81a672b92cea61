/**
 * The port a rotation is started through, by the endpoint and by the leak
 * response. The adapter (lambdas/adapters/aws/step-functions-rotation-starter.ts)
 * starts an execution of the provider's rotation state machine.
 */
import type { Provider, RotationStartInput } from '../rotation/rotation-state.ts';

export type { RotationStartInput };

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
