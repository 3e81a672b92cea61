/**
 * Lambda for the CheckOldKeyUse state. After the grace period, decides from the old
 * key's last use whether to retire it or wait longer.
 *
 * It only parses its event and runs `checkOldKeyUse`; every error, the rules' named
 * ones included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { checkOldKeyUse } from '../rotation/check-old-key-use.ts';
import type { OldKeyUsage } from '../rotation/rotation-state.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<OldKeyUsage> => checkOldKeyUse(parseRotationState(event), rotationPorts),
).use(stepLogging('CheckOldKeyUse'));
