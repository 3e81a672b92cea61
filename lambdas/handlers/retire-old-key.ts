/**
 * Lambda for the RetireOldKey state. Deactivates the old key, which can still be re-
 * activated until it is deleted.
 *
 * It only parses its event and runs `retireOldKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { stepLogging } from '../observability/step-logging.ts';
import { type RetireOldKeyPorts, retireOldKey } from '../rotation/retire-old-key.ts';
import type { RetiredKey } from '../rotation/rotation-state.ts';
import { accessKeys } from '../wiring/access-keys.ts';
import { secretStore } from '../wiring/secret-store.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: RetireOldKeyPorts = { keys: accessKeys, secrets: secretStore, clock: systemClock };

export const handler = middy(
  async (event: unknown): Promise<RetiredKey> => retireOldKey(parseRotationState(event), ports),
).use(stepLogging('RetireOldKey'));
