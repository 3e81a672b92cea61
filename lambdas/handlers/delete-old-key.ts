/**
 * Lambda for the DeleteOldKey state. Deletes the old key after the deletion delay and
 * drops its AWSPREVIOUS label.
 *
 * It only parses its event and runs `deleteOldKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { deleteOldKey } from '../rotation/delete-old-key.ts';
import type { DeletedKey } from '../rotation/rotation-state.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<DeletedKey> => deleteOldKey(parseRotationState(event), rotationPorts),
).use(stepLogging('DeleteOldKey'));
