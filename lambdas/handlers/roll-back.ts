/**
 * Lambda for the RollBack state. Runs from the Catch of a step that failed before
 * Publish: removes the new key and the pending version.
 *
 * It only parses its event and runs `rollBack`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { rollBack } from '../rotation/roll-back.ts';
import type { RolledBack } from '../rotation/rotation-state.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<RolledBack> => rollBack(parseRotationState(event), rotationPorts),
).use(stepLogging('RollBack'));
