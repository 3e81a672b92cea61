/**
 * Notifications a rotation sends (SNS and EventBridge). Ids and times only:
 * subscribers learn what happened to which key, never the key.
 */
import type { Provider } from './rotation-state.ts';

export const EVENT_SOURCE = 'access-key-rotator';

/** EventBridge `detail-type` of each event; also the SNS message's `type`. */
export const ROTATION_EVENT_TYPES = {
  rotated: 'Access Key Rotated',
  deactivationUpcoming: 'Access Key Deactivation Upcoming',
  deferred: 'Access Key Retirement Deferred',
  failed: 'Access Key Rotation Failed',
} as const;

export type RotationEventType = (typeof ROTATION_EVENT_TYPES)[keyof typeof ROTATION_EVENT_TYPES];

export interface RotationEvent {
  readonly type: RotationEventType;
  readonly rotationId: string;
  readonly executionArn: string;
  readonly provider: Provider;
  readonly principal: string;
  /**
   * The AWS account the principal is in: the member account of
   * `<account-id>/<user>`, else the hub's (where the rotation runs), so
   * subscribers can route by account without parsing the principal. Yandex
   * principals have none.
   */
  readonly account?: string;
  readonly oldKeyId: string | null;
  readonly newKeyId: string | null;
  readonly at: string;
  /** deactivationUpcoming: when the old key will be retired. */
  readonly deactivationAt?: string;
  /** deferred: the old key's last use, and how many deferrals so far. */
  readonly oldKeyLastUsedAt?: string | null;
  readonly deferrals?: number;
  /** failed: the status (ROLLED_BACK or FAILED) and the error name. */
  readonly status?: string;
  readonly error?: string;
}

/** Sends rotation events. At least once: a retried step may send its event again. */
export interface Notifier {
  notify(event: RotationEvent): Promise<void>;
}
