/**
 * Lambda for the CreateKey state. Creates the new key and stores it as AWSPENDING in
 * the same invocation; returns only its id, never its secret.
 *
 * It only parses its event and runs `createKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { createKey } from '../rotation/create-key.ts';
import type { CreatedKey } from '../rotation/rotation-state.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<CreatedKey> => createKey(parseRotationState(event), rotationPorts),
).use(stepLogging('CreateKey'));
