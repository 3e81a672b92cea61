/**
 * Lambda for the Record state. Outputs the evidence record (ids and timestamps only)
 * and releases the rotation lock.
 *
 * It only parses its event and runs `recordEvidence`; every error, the rules' named
 * ones included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { rotationPorts } from '../adapters/rotation-ports.ts';
import { stepLogging } from '../observability/step-logging.ts';
import { recordEvidence } from '../rotation/record-evidence.ts';
import type { EvidenceRecord } from '../rotation/rotation-state.ts';
import { parseRotationState } from './events/parse-step-event.ts';

export const handler = middy(
  async (event: unknown): Promise<EvidenceRecord> => recordEvidence(parseRotationState(event), rotationPorts),
).use(stepLogging('Record'));
