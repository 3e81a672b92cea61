/**
 * Errors the rotation raises on purpose. Each class's `name` is what Step
 * Functions sees as the error (Retry/Catch match on it); `code` is what the CLI
 * and the HTTP endpoint show. Messages name ids and fields, never secrets.
 */

export abstract class RotatorError extends Error {
  abstract readonly code: string;
}

export class ValidationError extends RotatorError {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION_ERROR';
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

export class PrincipalNotFoundError extends RotatorError {
  override readonly name = 'PrincipalNotFoundError';
  readonly code = 'PRINCIPAL_NOT_FOUND';
}

export class PrincipalNotInScopeError extends RotatorError {
  override readonly name = 'PrincipalNotInScopeError';
  readonly code = 'PRINCIPAL_NOT_IN_SCOPE';
}

/**
 * The member role of a principal's account cannot be assumed: it is missing,
 * does not trust the hub, wants another ExternalId, or STS refused the
 * region. Not retried (waiting does not deploy a role); the message names the
 * account and the role ARN and says what to fix, never a credential.
 */
export class MemberAccountUnreachableError extends RotatorError {
  override readonly name = 'MemberAccountUnreachableError';
  readonly code = 'MEMBER_ACCOUNT_UNREACHABLE';
  readonly account: string;
  readonly roleArn: string;
  constructor(account: string, roleArn: string, message: string) {
    super(message);
    this.account = account;
    this.roleArn = roleArn;
  }
}

export class RotationInFlightError extends RotatorError {
  override readonly name = 'RotationInFlightError';
  readonly code = 'ROTATION_IN_FLIGHT';
}

export class TwoActiveKeysError extends RotatorError {
  override readonly name = 'TwoActiveKeysError';
  readonly code = 'TWO_ACTIVE_KEYS';
}

/** Retried by the state machine: IAM is eventually consistent. */
export class KeyNotYetValidError extends RotatorError {
  override readonly name = 'KeyNotYetValidError';
  readonly code = 'KEY_NOT_YET_VALID';
}

export class OldKeyStillInUseError extends RotatorError {
  override readonly name = 'OldKeyStillInUseError';
  readonly code = 'OLD_KEY_STILL_IN_USE';
}

/** A guard refused a step that would break invariant 1 or 3. */
export class UnsafeKeyOperationError extends RotatorError {
  override readonly name = 'UnsafeKeyOperationError';
  readonly code = 'UNSAFE_KEY_OPERATION';
}

/**
 * RollBack found the rotation published (Publish moved AWSCURRENT, then its
 * invocation failed, e.g. at its function timeout): nothing may be deleted.
 * The state machine catches this name and takes the after-Publish path, which
 * records the failure and releases the lock with both keys usable.
 */
export class RotationAlreadyPublishedError extends RotatorError {
  override readonly name = 'RotationAlreadyPublishedError';
  readonly code = 'ROTATION_ALREADY_PUBLISHED';
}

export class SecretMissingError extends RotatorError {
  override readonly name = 'SecretMissingError';
  readonly code = 'SECRET_MISSING';
}

/**
 * A throttle, a 5xx or a dropped connection. Adapters wrap such SDK and HTTP
 * errors in this class so the state machine retries one error name with backoff and jitter.
 */
export class TransientError extends RotatorError {
  override readonly name = 'TransientError';
  readonly code = 'TRANSIENT';
}

/** A start with this execution name was already made (the same request submitted twice). */
export class RotationAlreadyStartedError extends RotatorError {
  override readonly name = 'RotationAlreadyStartedError';
  readonly code = 'ROTATION_ALREADY_STARTED';
}

/** No rotation state machine is deployed for the provider a start asked for. */
export class ProviderNotDeployedError extends RotatorError {
  override readonly name = 'ProviderNotDeployedError';
  readonly code = 'PROVIDER_NOT_DEPLOYED';
}
