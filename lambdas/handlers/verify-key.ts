/**
 * Lambda for the VerifyKey state. Proves the new key works; KeyNotYetValidError is
 * retried by the state machine while IAM propagates it.
 *
 * It only parses its event and runs `verifyKey`; every error, the rules' named ones
 * included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { stepLogging } from '../observability/step-logging.ts';
import type { VerifiedKey } from '../rotation/rotation-state.ts';
import { type VerifyKeyPorts, verifyKey } from '../rotation/verify-key.ts';
import { keyVerifier } from '../wiring/key-verifier.ts';
import { secretStore } from '../wiring/secret-store.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: VerifyKeyPorts = { secrets: secretStore, verifier: keyVerifier, clock: systemClock };

export const handler = middy(
  async (event: unknown): Promise<VerifiedKey> => verifyKey(parseRotationState(event), ports),
).use(stepLogging('VerifyKey'));
