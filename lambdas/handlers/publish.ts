/**
 * Lambda for the Publish state. Makes the new version AWSCURRENT; from here on nothing
 * is rolled back automatically.
 *
 * It only parses its event and runs `publishKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { publishKey } from '../rotation/publish-key.ts';
import type { PublishedKey } from '../rotation/rotation-state.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<PublishedKey> => publishKey(parseRotationState(event), rotationPorts),
).use(stepLogging('Publish'));
