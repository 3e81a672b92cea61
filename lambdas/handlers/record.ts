/**
 * Lambda for the Record state. Outputs the evidence record (ids and timestamps only)
 * and releases the rotation lock.
 *
 * It only parses its event and runs `recordEvidence`; every error, the rules' named
 * ones included, propagates so the state machine's Retry and Catch match on its name.
 */
import middy from '@middy/core';
import { stepLogging } from '../observability/step-logging.ts';
import { type RecordEvidencePorts, recordEvidence } from '../rotation/record-evidence.ts';
import type { EvidenceRecord } from '../rotation/rotation-state.ts';
import { evidenceArchive } from '../wiring/evidence-archive.ts';
import { notifier } from '../wiring/notifier.ts';
import { rotationLock } from '../wiring/rotation-lock.ts';
import { systemClock } from '../wiring/system-clock.ts';
import { parseRotationState } from './events/parse-step-event.ts';

// Only the ports the rule takes: each adapter loads its SDK client, most of a cold start.
const ports: RecordEvidencePorts = {
  lock: rotationLock,
  clock: systemClock,
  notifier,
  archive: evidenceArchive,
};

export const handler = middy(
  async (event: unknown): Promise<EvidenceRecord> => recordEvidence(parseRotationState(event), ports),
).use(stepLogging('Record'));
