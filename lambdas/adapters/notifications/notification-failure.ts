/**
 * Every failure to notify becomes a TransientError, whatever it was: the
 * step that notifies has already done its work idempotently, so the state
 * machine's one Retry on TransientError re-runs it and sends again (at least
 * once), instead of failing a rotation whose keys are fine.
 *
 * The message names the channel, the event and the error's name only: SDK
 * messages can echo the request, and the cause is kept in execution history.
 */

import { TransientError } from '../../rotation/rotation-errors.ts';
import type { RotationEvent } from '../../rotation/rotation-events.ts';
import { errorNameOf, timeoutOf } from '../aws/transient-errors.ts';

export function notificationFailure(channel: string, event: RotationEvent, failure: string): TransientError {
  return new TransientError(
    `${channel} could not send "${event.type}" of rotation ${event.rotationId}: ${failure}; the step is retried`,
  );
}

/** Runs one send, turning any error it throws into a notificationFailure. */
export async function sendOrRetry<T>(
  channel: string,
  event: RotationEvent,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof TransientError) throw error;
    // A hang says how long it was waited for: "SNS Publish … did not answer within 5 s".
    throw notificationFailure(channel, event, timeoutOf(error) ?? errorNameOf(error));
  }
}
