/**
 * Lambda for the CreateKey state. Creates the new key and stores it as AWSPENDING in
 * the same invocation; returns only its id, never its secret.
 *
 * It only parses its event and runs `createKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotatorSettings } from '../config/container-settings.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { type CreateKeyPorts, createKey } from '../rotation/create-key.ts';
import type { CreatedKey } from '../rotation/rotation-state.ts';
import { accessKeys } from '../wiring/access-keys.ts';
import { secretStore } from '../wiring/secret-store.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: CreateKeyPorts = { keys: accessKeys, secrets: secretStore, settings: rotatorSettings };

export const handler = middy(
  async (event: unknown): Promise<CreatedKey> => createKey(parseRotationState(event), ports),
).use(stepLogging('CreateKey'));
