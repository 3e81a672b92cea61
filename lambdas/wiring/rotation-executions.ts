/** The rotation executions the operator's actions check their requests against, once per container. */

import { sfnClient } from '../adapters/aws/sfn-client.ts';
import { stepFunctionsRotationExecutions } from '../adapters/aws/step-functions-rotation-executions.ts';
import type { RotationExecutions } from '../rotation/ports.ts';

export const rotationExecutions: RotationExecutions = stepFunctionsRotationExecutions(sfnClient);
