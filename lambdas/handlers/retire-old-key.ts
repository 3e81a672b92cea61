/**
 * Lambda for the RetireOldKey state. Deactivates the old key, which can still be re-
 * activated until it is deleted.
 *
 * It only parses its event and runs `retireOldKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { retireOldKey } from '../rotation/retire-old-key.ts';
import type { RetiredKey } from '../rotation/rotation-state.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<RetiredKey> => retireOldKey(parseRotationState(event), rotationPorts),
).use(stepLogging('RetireOldKey'));
