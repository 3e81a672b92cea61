/** How the HTTP endpoint starts a rotation, once per container: StartExecution on the provider's state machine. */

import { sfnClient } from '../adapters/aws/sfn-client.ts';
import { stepFunctionsRotationStarter } from '../adapters/aws/step-functions-rotation-starter.ts';
import { fleetSettings } from '../config/container-settings.ts';
import type { RotationStarter } from '../http/rotation-starter.ts';

export const rotationStarter: RotationStarter = stepFunctionsRotationStarter(
  sfnClient,
  fleetSettings.stateMachineArns,
);
