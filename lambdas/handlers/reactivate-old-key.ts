/**
 * Lambda for the operator's rollback (`akr rollback`), not a state of the
 * workflow: during the deletion delay it re-activates the retired old key
 * (AWS: Status=Active; Yandex: the description it had) and releases the lock.
 * The operator's CLI then stops the execution, so DeleteOldKey never runs.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { reactivateOldKey } from '../rotation/reactivate-old-key.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(async (event: unknown) =>
  reactivateOldKey(parseRotationState(event), rotationPorts),
).use(stepLogging('ReactivateOldKey'));
