/**
 * Lambda for the DeleteOldKey state. Deletes the old key after the deletion delay and
 * drops its AWSPREVIOUS label.
 *
 * It only parses its event and runs `deleteOldKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { stepLogging } from '../observability/step-logging.ts';
import { type DeleteOldKeyPorts, deleteOldKey } from '../rotation/delete-old-key.ts';
import type { DeletedKey } from '../rotation/rotation-state.ts';
import { accessKeys } from '../wiring/access-keys.ts';
import { secretStore } from '../wiring/secret-store.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: DeleteOldKeyPorts = { keys: accessKeys, secrets: secretStore, clock: systemClock };

export const handler = middy(
  async (event: unknown): Promise<DeletedKey> => deleteOldKey(parseRotationState(event), ports),
).use(stepLogging('DeleteOldKey'));
