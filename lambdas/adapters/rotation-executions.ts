/** The rotation executions the operator's actions check their requests against, once per container. */
import type { RotationExecutions } from '../rotation/ports.ts';
import { sfnClient } from './aws/sfn-client.ts';
import { stepFunctionsRotationExecutions } from './aws/step-functions-rotation-executions.ts';

export const rotationExecutions: RotationExecutions = stepFunctionsRotationExecutions(sfnClient);
