/**
 * Scheduled deletion, as Secrets Manager does it: DeleteSecret marks the
 * secret and keeps it, restorable, for a recovery window of 7 to 30 days
 * (30 by default); meanwhile its metadata stays readable but its value may
 * be neither read nor written. When the window ends the secret is gone.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonInput } from '../http/call-context.ts';
import { optionalNumber } from '../http/json-input.ts';
import type { StoredSecret } from '../state/cloud-state.ts';

export const DEFAULT_RECOVERY_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export type DeletionRequest = { readonly force: true } | { readonly force: false; readonly days: number };

function invalidParameter(message: string): CloudApiError {
  return new CloudApiError('InvalidParameterException', message);
}

/** Reads RecoveryWindowInDays and ForceDeleteWithoutRecovery, which AWS refuses together. */
export function deletionRequest(input: JsonInput): DeletionRequest {
  const force = input.ForceDeleteWithoutRecovery;
  if (force !== undefined && force !== null && typeof force !== 'boolean')
    throw new CloudApiError('SerializationException', 'Member ForceDeleteWithoutRecovery must be a boolean');
  const days = optionalNumber(input, 'RecoveryWindowInDays');
  if (force === true && days !== undefined)
    throw invalidParameter(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  if (force === true) return { force: true };
  if (days !== undefined && (!Number.isInteger(days) || days < 7 || days > 30))
    throw invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  return { force: false, days: days ?? DEFAULT_RECOVERY_WINDOW_DAYS };
}

/** Marks `secret` for deletion `days` from `now`; @returns the DeletionDate. */
export function scheduleDeletion(secret: StoredSecret, days: number, now: Date): string {
  if (secret.deletionDate !== undefined)
    throw new CloudApiError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was already scheduled for deletion.",
    );
  secret.deletedDate = now.toISOString();
  secret.deletionDate = new Date(now.getTime() + days * DAY_MS).toISOString();
  return secret.deletionDate;
}

export function cancelDeletion(secret: StoredSecret): void {
  delete secret.deletedDate;
  delete secret.deletionDate;
}

/** True once the recovery window has ended: the secret no longer exists. */
export function isPastDeletion(secret: StoredSecret, now: Date = new Date()): boolean {
  return secret.deletionDate !== undefined && Date.parse(secret.deletionDate) <= now.getTime();
}

/** GetSecretValue, PutSecretValue and UpdateSecretVersionStage refuse a secret marked for deletion. */
export function refuseIfScheduled(secret: StoredSecret): void {
  if (secret.deletionDate !== undefined)
    throw new CloudApiError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
    );
}
