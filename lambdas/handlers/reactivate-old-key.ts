/**
 * Lambda for the operator's rollback (`akr rollback`), not a state of the
 * workflow: during the deletion delay it re-activates the retired old key
 * (AWS: Status=Active; Yandex: the description it had) and releases the lock.
 * The operator's CLI then stops the execution, so DeleteOldKey never runs.
 * The rule checks the request against the execution it names.
 */
import middy from '@middy/core';
import { ENV } from '../config/environment.ts';
import { stepLogging } from '../observability/step-logging.ts';
import {
  type ReactivateOldKeyPorts,
  type ReactivationScope,
  reactivateOldKey,
} from '../rotation/reactivate-old-key.ts';
import { accessKeys } from '../wiring/access-keys.ts';
import { rotationExecutions } from '../wiring/rotation-executions.ts';
import { rotationLock } from '../wiring/rotation-lock.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: ReactivateOldKeyPorts = {
  keys: accessKeys,
  lock: rotationLock,
  clock: systemClock,
  executions: rotationExecutions,
};

const rotationStateMachineArn = process.env[ENV.rotationStateMachineArn];

/** Without its state machine it can check nothing, so it refuses every request (loading still works). */
function scope(): ReactivationScope {
  if (!rotationStateMachineArn) throw new Error(`${ENV.rotationStateMachineArn} must be set`);
  return { rotationStateMachineArn };
}

export const handler = middy(async (event: unknown) =>
  reactivateOldKey(parseRotationState(event), ports, scope()),
).use(stepLogging('ReactivateOldKey'));
