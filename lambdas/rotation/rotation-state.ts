/**
 * The shapes that flow through the state machine. Only key ids, names and
 * timestamps live here: secret material never enters workflow state (invariant 2).
 */

import type { OldKeyInUsePolicy, Provider } from '../shared/rotator-choices.ts';

export type { OldKeyInUsePolicy, Provider };

/**
 * The state machine's execution input in either form, by principal or by key
 * id, as the endpoint, the CLI and the leak response write it. Validated by the
 * Plan step; absent fields take the deployment's defaults.
 */
export interface RotationStartInput {
  readonly principal?: string;
  /** The named (often exposed) key; its owner is looked up when no principal is given. */
  readonly accessKeyId?: string;
  /** AWS, with accessKeyId and without principal: the member account holding the key. */
  readonly account?: string;
  /** Revoke the old key right after Publish; takes no grace period. */
  readonly emergency?: boolean;
  /** ISO-8601, only with emergency: when the leak was reported. */
  readonly exposureReportedAt?: string;
  readonly gracePeriodSeconds?: number;
  readonly deletionDelaySeconds?: number;
  readonly dryRun?: boolean;
}

/** Execution input by principal, as the fleet and the tests write it. */
export interface RotationInput extends RotationStartInput {
  readonly principal: string;
}

/** The Plan task's payload: the raw execution input plus fields of the context object. */
export interface PlanRequest {
  readonly input: unknown;
  /** `$$.Execution.Name`: the rotation id every step works from. */
  readonly rotationId: string;
  /** `$$.Execution.Id` */
  readonly executionArn: string;
  /** `$$.Execution.StartTime` */
  readonly startedAt: string;
}

export interface RotationPlan {
  readonly rotationId: string;
  readonly executionArn: string;
  /** The secret version (ClientRequestToken) that holds the new key; see secret-version-id.ts. */
  readonly secretVersionId: string;
  readonly provider: Provider;
  readonly principal: string;
  readonly secretName: string;
  readonly startedAt: string;
  readonly gracePeriodSeconds: number;
  /**
   * What WaitGrace waits: the grace period when consumers have an old key to
   * move off, 0 when there is none (nothing to retire, nothing to wait for).
   */
  readonly graceWaitSeconds: number;
  readonly deletionDelaySeconds: number;
  readonly dryRun: boolean;
  /** The key consumers use now; retired and deleted after the grace period. */
  readonly oldKeyId: string | null;
  /** The RetireOrDefer choice reads this instead of testing `oldKeyId` for null. */
  readonly hasOldKey: boolean;
  /** Every key the principal had at plan time. Any other key found later was made by this rotation. */
  readonly existingKeyIds: readonly string[];
  /** An Inactive key that is not AWSCURRENT, deleted by CreateKey to make room. */
  readonly inactiveKeyToDeleteId: string | null;
  /** True when the principal had no managed secret yet and its Active key is being adopted. */
  readonly adoption: boolean;
  readonly oldKeyInUsePolicy: OldKeyInUsePolicy;
  readonly maxDeferrals: number;
  /** The old key is revoked right after Publish: no grace, no last-used deferral. */
  readonly emergency: boolean;
  /**
   * How an emergency revokes the old key: AWS deactivates it (deleted after the
   * deletion delay, rollback can still re-activate it), Yandex keys have no
   * status and are deleted at once. NONE without emergency or without an old key.
   */
  readonly emergencyRevocation: EmergencyRevocation;
  /** The input's value, else startedAt in an emergency, else null. */
  readonly exposureReportedAt: string | null;
  /** The key the input named (as listKeys reports it), else null. */
  readonly exposedKeyId: string | null;
  /** The IAM user's path (AWS); null for Yandex. */
  readonly principalPath: string | null;
  /** Role ARNs from the user's `access-key-rotator:readers` tag; [] when none, and on Yandex. */
  readonly readerArns: readonly string[];
}

export type EmergencyRevocation = 'NONE' | 'DEACTIVATE' | 'DELETE';

export interface CreatedKey {
  readonly newKeyId: string;
  readonly newKeyCreatedAt: string;
  /** The secret version holding the new key: `plan.secretVersionId`. */
  readonly secretVersionId: string;
  readonly deletedInactiveKeyId: string | null;
}

export interface VerifiedKey {
  readonly verifiedAt: string;
}

export interface PublishedKey {
  readonly publishedAt: string;
  /** Set when a notification could not be sent; the rotation went on regardless. */
  readonly notificationFailure?: string;
}

export interface OldKeyUsage {
  readonly checkedAt: string;
  /** Set when the deferral notification could not be sent; the rotation went on regardless. */
  readonly notificationFailure?: string;
  readonly oldKeyLastUsedAt: string | null;
  readonly usedAfterPublish: boolean;
  /** RETIRE goes on to RetireOldKey; DEFER waits another grace period. */
  readonly decision: 'RETIRE' | 'DEFER';
  readonly deferrals: number;
  /** True when policy `alert` let a still-used key be retired. */
  readonly alerted: boolean;
  /** The configured policy, or EMERGENCY when the key was retired without asking. */
  readonly policy: RetirementPolicy;
}

export type RetirementPolicy = OldKeyInUsePolicy | 'EMERGENCY';

export interface RetiredKey {
  readonly retiredAt: string;
  /** Yandex keys have no status: retiring rewrites the description, and this is what it was. */
  readonly previousDescription?: string;
}

export interface DeletedKey {
  readonly deletedAt: string;
}

export interface RolledBack {
  readonly rolledBackAt: string;
  readonly deletedKeyIds: readonly string[];
}

/** What a Catch puts at `$.failure`. */
export interface StepFailure {
  readonly Error: string;
  readonly Cause?: string;
}

/** The whole state after Plan; each step adds its own field. */
export interface RotationState {
  readonly plan: RotationPlan;
  readonly created?: CreatedKey;
  readonly verified?: VerifiedKey;
  readonly published?: PublishedKey;
  readonly usage?: OldKeyUsage;
  readonly retired?: RetiredKey;
  readonly deleted?: DeletedKey;
  readonly rolledBack?: RolledBack;
  readonly failure?: StepFailure;
  /** Set when RollBack refused because Publish had already moved AWSCURRENT: an after-Publish failure. */
  readonly rollbackRefused?: StepFailure;
}

export type RotationStatus = 'SUCCEEDED' | 'ROLLED_BACK' | 'FAILED';

/**
 * The last output of every rotation (DESIGN "Evidence record"). Ids and timestamps only.
 * The exposure fields (emergency … revocation) are always written by Record; they are
 * optional because records archived before them lack them: read those as false / null.
 */
export interface EvidenceRecord {
  readonly rotationId: string;
  readonly provider: Provider;
  readonly principal: string;
  readonly executionArn: string;
  readonly status: RotationStatus;
  readonly oldKeyId: string | null;
  readonly newKeyId: string | null;
  readonly startedAt: string;
  readonly newKeyCreatedAt: string | null;
  readonly verifiedAt: string | null;
  readonly publishedAt: string | null;
  readonly oldKeyLastUsedAt: string | null;
  readonly retiredAt: string | null;
  readonly deletedAt: string | null;
  readonly failure: { readonly error: string; readonly cause: string } | null;
  readonly emergency?: boolean;
  readonly retirementPolicy?: OldKeyInUsePolicy | 'EMERGENCY';
  readonly exposureReportedAt?: string | null;
  readonly revokedAt?: string | null;
  readonly revocation?: 'DEACTIVATED' | 'DELETED' | null;
}
