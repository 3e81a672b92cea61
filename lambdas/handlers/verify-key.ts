/**
 * Lambda for the VerifyKey state. Proves the new key works; KeyNotYetValidError is
 * retried by the state machine while IAM propagates it.
 *
 * It only parses its event and runs `verifyKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import type { VerifiedKey } from '../rotation/rotation-state.ts';
import { verifyKey } from '../rotation/verify-key.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<VerifiedKey> => verifyKey(parseRotationState(event), rotationPorts),
).use(stepLogging('VerifyKey'));
