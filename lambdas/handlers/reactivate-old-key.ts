/**
 * Lambda for the operator's rollback (`akr rollback`), not a state of the
 * workflow: during the deletion delay it re-activates the retired old key
 * (AWS: Status=Active; Yandex: the description it had) and releases the lock.
 * The operator's CLI then stops the execution, so DeleteOldKey never runs.
 */
import middy from '@middy/core';
import { accessKeys } from '../adapters/access-keys.ts';
import { rotationLock } from '../adapters/rotation-lock.ts';
import { systemClock } from '../adapters/system-clock.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { type ReactivateOldKeyPorts, reactivateOldKey } from '../rotation/reactivate-old-key.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: ReactivateOldKeyPorts = { keys: accessKeys, lock: rotationLock, clock: systemClock };

export const handler = middy(async (event: unknown) =>
  reactivateOldKey(parseRotationState(event), ports),
).use(stepLogging('ReactivateOldKey'));
