/**
 * The automatic leak response: an exposed-key Health event becomes one
 * emergency rotation per exposed key, started on the AWS rotation state
 * machine.
 *
 * Normal path: parse the event → start every rotation at once (each bounded
 * by its client's timeouts, so all of them fit in one invocation) → log each
 * start by execution name and key id.
 *
 * Failure path: a malformed event is logged by field and ignored (retrying
 * cannot mend it). A rotation already started under that name (EventBridge or
 * Lambda delivering the event again) is done, not failed. Any other failure
 * of a start throws once every start has settled, naming the key ids and the
 * error names only, so Lambda retries the asynchronous invocation and the
 * rotations that did start answer "already started" then.
 */
import type { RotationStarter, StartedRotation } from '../http/rotation-starter.ts';
import { RotationAlreadyStartedError, ValidationError } from '../rotation/rotation-errors.ts';
import { type ExposureRotation, parseExposureEvent } from './parse-exposure-event.ts';

/** The structured logger's levels the response uses (Powertools' Logger fits). */
export interface LeakResponseLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

export interface LeakResponsePorts {
  readonly starter: RotationStarter;
  /** The deployment's own account: an event of it starts a hub rotation. */
  readonly hubAccountId: string;
  readonly log: LeakResponseLog;
}

/** What the invocation did, by execution name (ids only). */
export interface LeakResponseResult {
  readonly started: readonly string[];
  readonly alreadyStarted: readonly string[];
  /** The fields of the event that were refused; the whole event when one of them is not an entity. */
  readonly ignored: readonly string[];
}

/** Some starts failed for a reason a retry may mend; the message names key ids and error names only. */
export class LeakResponseStartError extends Error {
  override readonly name = 'LeakResponseStartError';
}

function fieldsOf(rotation: ExposureRotation): Record<string, unknown> {
  const { accessKeyId, account } = rotation.input;
  return { executionName: rotation.executionName, accessKeyId, ...(account && { account }) };
}

function errorNameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export async function respondToExposure(
  event: unknown,
  ports: LeakResponsePorts,
): Promise<LeakResponseResult> {
  let parsed: ReturnType<typeof parseExposureEvent>;
  try {
    parsed = parseExposureEvent(event, ports.hubAccountId);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    ports.log.warn('LeakResponse ignored the event', { field: error.field, reason: error.message });
    return { started: [], alreadyStarted: [], ignored: [error.field] };
  }
  for (const refusal of parsed.refused)
    ports.log.warn('LeakResponse ignored an entity', { field: refusal.field, reason: refusal.message });

  const outcomes = await Promise.allSettled(
    parsed.rotations.map(
      (rotation): Promise<StartedRotation> =>
        ports.starter.start({
          provider: 'aws',
          executionName: rotation.executionName,
          input: rotation.input,
          label: rotation.label,
        }),
    ),
  );
  const started: string[] = [];
  const alreadyStarted: string[] = [];
  const failed: string[] = [];
  outcomes.forEach((outcome, index) => {
    const rotation = parsed.rotations[index] as ExposureRotation;
    const fields = fieldsOf(rotation);
    if (outcome.status === 'fulfilled') {
      started.push(rotation.executionName);
      ports.log.info('LeakResponse started', { ...fields, executionArn: outcome.value.executionArn });
    } else if (outcome.reason instanceof RotationAlreadyStartedError) {
      alreadyStarted.push(rotation.executionName);
      ports.log.info('LeakResponse already started', fields);
    } else {
      const errorName = errorNameOf(outcome.reason);
      failed.push(`${rotation.input.accessKeyId} (${errorName})`);
      ports.log.error('LeakResponse start failed', { ...fields, errorName });
    }
  });
  if (failed.length > 0)
    throw new LeakResponseStartError(
      `${failed.length} of ${outcomes.length} emergency rotations could not be started: ${failed.join(', ')}; ` +
        'the invocation fails so that it is retried',
    );
  return { started, alreadyStarted, ignored: parsed.refused.map((refusal) => refusal.field) };
}
