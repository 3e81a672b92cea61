/**
 * Errors the fleet raises on purpose. As with the rotation's errors, `name` is
 * what Step Functions matches on and `code` is what people read; messages name
 * counts and settings, never keys.
 */
import { RotatorError } from '../rotation/rotation-errors.ts';

/**
 * The due principals would not fit in one state's payload (256 KiB), so the
 * Map could not receive them. Splitting the fleet is the operator's call, not
 * something Discover can decide on its own: a silently truncated list would
 * leave principals unrotated without anyone noticing.
 */
export class FleetTooLargeError extends RotatorError {
  override readonly name = 'FleetTooLargeError';
  readonly code = 'FLEET_TOO_LARGE';

  constructor(dueCount: number, bytes: number, limitBytes: number) {
    super(
      `${dueCount} principals are due, and their names take ${bytes} bytes, more than the ${limitBytes} ` +
        'bytes Discover may hand the Map (a Step Functions state carries at most 256 KiB). ' +
        'Split the fleet into smaller deployments by user path (AKR_USER_PATH) or opt-in tag (AKR_OPT_IN_TAG)',
    );
  }
}
