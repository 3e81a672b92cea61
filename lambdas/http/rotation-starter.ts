/**
 * The port the endpoint starts a rotation through. The adapter
 * (lambdas/adapters/aws/step-functions-rotation-starter.ts) starts an
 * execution of the provider's rotation state machine.
 */
import type { Provider } from '../rotation/rotation-state.ts';

export interface RotationStart {
  readonly provider: Provider;
  readonly principal: string;
  /** Also the rotation id every step works from. */
  readonly executionName: string;
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
