/**
 * Lambda for the CheckOldKeyUse state. After the grace period, decides from the old
 * key's last use whether to retire it or wait longer.
 *
 * It only parses its event and runs `checkOldKeyUse`; every error, the rules' named
 * ones included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { stepLogging } from '../observability/step-logging.ts';
import { type CheckOldKeyUsePorts, checkOldKeyUse } from '../rotation/check-old-key-use.ts';
import type { OldKeyUsage } from '../rotation/rotation-state.ts';
import { accessKeys } from '../wiring/access-keys.ts';
import { notifier } from '../wiring/notifier.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: CheckOldKeyUsePorts = { keys: accessKeys, clock: systemClock, notifier };

export const handler = middy(
  async (event: unknown): Promise<OldKeyUsage> => checkOldKeyUse(parseRotationState(event), ports),
).use(stepLogging('CheckOldKeyUse'));
