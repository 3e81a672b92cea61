/**
 * Lambda for the Publish state. Makes the new version AWSCURRENT; from here on nothing
 * is rolled back automatically.
 *
 * It only parses its event and runs `publishKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotatorSettings } from '../config/container-settings.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { type PublishKeyPorts, publishKey } from '../rotation/publish-key.ts';
import type { PublishedKey } from '../rotation/rotation-state.ts';
import { notifier } from '../wiring/notifier.ts';
import { secretStore } from '../wiring/secret-store.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: PublishKeyPorts = {
  secrets: secretStore,
  clock: systemClock,
  notifier,
  settings: rotatorSettings,
};

export const handler = middy(
  async (event: unknown): Promise<PublishedKey> => publishKey(parseRotationState(event), ports),
).use(stepLogging('Publish'));
