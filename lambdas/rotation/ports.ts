/**
 * Ports: what the rotation rules need from the outside world. Adapters in
 * `lambdas/adapters/<provider>/` implement them; tests pass in-memory fakes.
 */
import type { RotatorSettings } from '../config/environment.ts';
import type { Notifier } from './rotation-events.ts';
import type { EvidenceRecord, Provider } from './rotation-state.ts';

/** The `credential_process` shape stored as the secret value. */
export interface StoredCredential {
  readonly Version: 1;
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKeySummary {
  readonly keyId: string;
  readonly status: AccessKeyStatus;
  readonly createdAt: string;
}

export interface NewAccessKey {
  readonly keyId: string;
  readonly secretAccessKey: string;
  readonly createdAt: string;
}

export interface PrincipalInfo {
  readonly principal: string;
  /** IAM user path such as `/` or `/service/`; absent for providers without paths. */
  readonly path?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface RetireContext {
  readonly rotationId: string;
  readonly retiredAt: string;
  readonly deleteAfter: string;
}

export interface RetireResult {
  /** Yandex: the description the key had before it was marked retired, so a rollback can restore it. */
  readonly previousDescription?: string;
}

/** What retiring a key overwrote: a provider without a status puts it back on re-activation. */
export interface ReactivationContext {
  readonly previousDescription?: string;
}

/** One cloud's access keys for one kind of principal. */
export interface AccessKeyProvider {
  readonly provider: Provider;
  /** @throws PrincipalNotFoundError */
  describePrincipal(principal: string): Promise<PrincipalInfo>;
  listKeys(principal: string): Promise<AccessKeySummary[]>;
  /** Not idempotent: the caller reconciles by listing before it retries. */
  createKey(principal: string, rotationId: string): Promise<NewAccessKey>;
  /** AWS: Status=Inactive. Providers without a status mark the key retired instead. */
  retireKey(principal: string, keyId: string, context: RetireContext): Promise<RetireResult>;
  /**
   * Undoes retireKey (the operator's rollback): AWS Status=Active; Yandex restores the description.
   * Idempotent: a key that is not retired is left as it is.
   */
  reactivateKey(principal: string, keyId: string, previous: ReactivationContext): Promise<void>;
  /** Idempotent: a key that is already gone is not an error. */
  deleteKey(principal: string, keyId: string): Promise<void>;
  /** @returns undefined when the key was never used. */
  lastUsedAt(principal: string, keyId: string): Promise<string | undefined>;
  /**
   * The principal that owns a key, in our format (`alice`, `<account>/<user>`, a Yandex
   * service-account id), and the key id as listKeys reports it.
   * @param account AWS: the member account to look in; undefined: the hub.
   * @returns undefined when no key of ours has that id.
   */
  findKeyOwner(keyId: string, account?: string): Promise<{ principal: string; keyId: string } | undefined>;
}

/** Proves a freshly created key works, by signing a real request with it. */
export interface KeyVerifier {
  /** @throws KeyNotYetValidError while the key has not propagated yet. */
  verify(principal: string, credential: StoredCredential): Promise<void>;
}

export interface SecretVersion {
  readonly versionId: string;
  readonly stages: readonly string[];
}

export interface SecretDescription {
  readonly name: string;
  readonly versions: readonly SecretVersion[];
}

export type SecretSelector = { readonly versionId: string } | { readonly stage: string };

export interface SecretStore {
  /** @returns undefined when no secret has that name. */
  describe(secretName: string): Promise<SecretDescription | undefined>;
  /** @returns undefined when the secret or the version does not exist. */
  readCredential(secretName: string, selector: SecretSelector): Promise<StoredCredential | undefined>;
  /** Creates the secret with no version, tagged with provider and principal, encrypted with the configured KMS key. */
  create(
    secretName: string,
    tags: { readonly provider: Provider; readonly principal: string },
  ): Promise<void>;
  /** Stores the credential as AWSPENDING under `versionId` (the ClientRequestToken), idempotently. */
  putPending(secretName: string, versionId: string, credential: StoredCredential): Promise<void>;
  /** UpdateSecretVersionStage: moves `stage` to `toVersionId` and/or removes it from `fromVersionId`. */
  moveStage(
    secretName: string,
    stage: string,
    move: { readonly toVersionId?: string; readonly fromVersionId?: string },
  ): Promise<void>;
}

export interface LockHolder {
  readonly rotationId: string;
  readonly executionArn: string;
  readonly acquiredAt: string;
  /** After this instant the lock is stale and may be taken over. */
  readonly expiresAt: string;
}

/** One rotation at a time per principal (invariant 5). */
export interface RotationLock {
  holder(lockId: string): Promise<LockHolder | undefined>;
  /**
   * Atomic: succeeds when nobody holds the lock, the holder is this same rotation, or the holder expired.
   * @returns false when another live rotation holds it.
   */
  acquire(lockId: string, holder: LockHolder): Promise<boolean>;
  /** Releases only if this rotation holds it; otherwise does nothing. */
  release(lockId: string, rotationId: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/**
 * Where every rotation's evidence record is kept beyond the 90 days Step
 * Functions keeps history (an S3 bucket, `evidence/<provider>/<principal>/<rotationId>.json`).
 */
export interface EvidenceArchive {
  /** Idempotent: the same record is written to the same key, so a retried Record step overwrites it. */
  put(record: EvidenceRecord): Promise<void>;
  /** Every archived record under `prefix` (all when omitted), in key order. */
  list(prefix?: string): AsyncIterable<EvidenceRecord>;
}

/** Everything the rules may use; each rule takes only the ports it needs via `Pick`. */
/** Where a rotation's execution is, as Step Functions records it (DescribeExecution, GetExecutionHistory). */
export interface RotationExecutionView {
  readonly status: string;
  readonly stateMachineArn: string;
  /** The state the execution entered last and has not left, with the input it entered with. */
  readonly currentState: { readonly name: string; readonly input: unknown } | undefined;
}

/** Reads rotation executions: the operator's actions check a request against the execution it names. */
export interface RotationExecutions {
  /** @returns undefined when no such execution exists. */
  describe(executionArn: string): Promise<RotationExecutionView | undefined>;
}

export interface RotationPorts {
  readonly keys: AccessKeyProvider;
  readonly secrets: SecretStore;
  readonly verifier: KeyVerifier;
  readonly lock: RotationLock;
  readonly clock: Clock;
  readonly settings: RotatorSettings;
  /** Rotation events to SNS and EventBridge, at least once. */
  readonly notifier: Notifier;
  /** The evidence records' long-term copy, written by Record. */
  readonly archive: EvidenceArchive;
}
