/**
 * The exposure response: one incident per emergency rotation, how long the
 * exposed key kept working after the exposure was reported, and whether it
 * stopped at all.
 *
 * Revocation is when the exposed key stopped signing: on AWS the moment
 * RetireOldKey set it Inactive (it is deleted after the deletion delay, and
 * can be re-activated until then); on Yandex the moment it was deleted,
 * since a static key has no status and deletion is its only revocation.
 *
 * An incident comes from an ended rotation's record, or from a rotation
 * still in flight (an AWS emergency rotation waits its deletion delay after
 * revoking, so its record comes days later: the revocation is evidence now).
 *
 * Statuses:
 * - REVOKED: the exposed key stopped working, and stayed so;
 * - REACTIVATED: it was revoked, then the operator's rollback re-activated it;
 * - NOT_REVOKED: the rotation ended (failed or rolled back) with the key working;
 * - REFUSED: Plan refused the rotation before any change: nothing was revoked;
 * - IN_PROGRESS: still running, not revoked yet.
 */
import type { EvidenceRecord, Provider } from '../../lambdas/rotation/rotation-state.ts';
import { parseAccountPrincipal } from '../../lambdas/shared/account-principal.ts';
import { withExposureDefaults } from './evidence-fields.ts';
import type { InFlightRotation } from './in-flight-rotations.ts';
import { isRefused } from './refused-attempts.ts';

/** The target the EXPOSED-KEY-REVOKED control holds each incident to. */
export const REVOKE_WITHIN_MINUTES = 15;

export type IncidentStatus = 'REVOKED' | 'REACTIVATED' | 'NOT_REVOKED' | 'REFUSED' | 'IN_PROGRESS';

export type Revocation = 'DEACTIVATED' | 'DELETED';

export interface ExposureIncident {
  readonly rotationId: string;
  readonly executionArn: string;
  readonly provider: Provider;
  readonly principal: string;
  /**
   * The AWS account holding the key (a member account, or the hub); null for Yandex, or when unknown.
   * In every report, single-account too: whoever answers an exposure needs it. Not the
   * organization-wide `account` a record is grouped by.
   */
  readonly awsAccount: string | null;
  /** The old key of the rotation, or the key id its input named when Plan refused it. */
  readonly exposedKeyId: string | null;
  readonly exposureReportedAt: string;
  readonly revokedAt: string | null;
  /** From the exposure report to the revocation; null when not revoked. */
  readonly secondsToRevoke: number | null;
  readonly revocation: Revocation | null;
  readonly status: IncidentStatus;
  /** The rotation's own status: SUCCEEDED, ROLLED_BACK, FAILED, or RUNNING. */
  readonly rotationStatus: string;
  readonly failure: { readonly error: string; readonly cause: string } | null;
}

export interface ExposureResponse {
  readonly revokeWithinMinutes: number;
  readonly incidents: readonly ExposureIncident[];
}

/** The exposure fields an in-flight emergency rotation has so far. */
export interface InFlightExposure {
  readonly exposureReportedAt: string;
  readonly revokedAt: string | null;
  readonly revocation: Revocation | null;
}

export interface ExposureSources {
  readonly records: readonly EvidenceRecord[];
  readonly inFlight: readonly InFlightRotation[];
  /** The hub account, when an organization-wide report knows it; else each execution ARN's account. */
  readonly hubAccountId?: string;
  /** The key id each execution's input named (by execution ARN): what a refused attempt came for. */
  readonly inputKeyIds?: ReadonlyMap<string, string>;
}

/** `arn:aws:states:<region>:<account>:execution:…` → the account; undefined for anything else. */
function arnAccount(executionArn: string): string | undefined {
  const account = executionArn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** As account-evidence.ts reads a principal: its member account, or the hub (the state machine's account). */
function accountFor(provider: Provider, principal: string, executionArn: string, hub?: string) {
  if (provider === 'yandex') return null;
  const hubAccount = hub ?? arnAccount(executionArn);
  const parsed = parseAccountPrincipal(principal, hubAccount);
  return (parsed.ok ? parsed.principal.account : undefined) ?? hubAccount ?? null;
}

export function secondsBetween(from: string, to: string | null): number | null {
  if (to === null) return null;
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

function recordStatus(record: EvidenceRecord): IncidentStatus {
  if (isRefused(record)) return 'REFUSED';
  if (record.failure?.error === 'OperatorRollback' && record.revokedAt) return 'REACTIVATED';
  return record.revokedAt ? 'REVOKED' : 'NOT_REVOKED';
}

function fromRecord(record: EvidenceRecord, sources: ExposureSources): ExposureIncident {
  const exposureReportedAt = record.exposureReportedAt ?? record.startedAt;
  const revokedAt = record.revokedAt ?? null;
  return {
    rotationId: record.rotationId,
    executionArn: record.executionArn,
    provider: record.provider,
    principal: record.principal,
    awsAccount: accountFor(record.provider, record.principal, record.executionArn, sources.hubAccountId),
    exposedKeyId: record.oldKeyId ?? sources.inputKeyIds?.get(record.executionArn) ?? null,
    exposureReportedAt,
    revokedAt,
    secondsToRevoke: secondsBetween(exposureReportedAt, revokedAt),
    revocation: record.revocation ?? null,
    status: recordStatus(record),
    rotationStatus: record.status,
    failure: record.failure,
  };
}

function fromInFlight(
  rotation: InFlightRotation,
  exposure: InFlightExposure,
  sources: ExposureSources,
): ExposureIncident {
  const provider = rotation.provider ?? 'aws';
  return {
    rotationId: rotation.rotationId,
    executionArn: rotation.executionArn,
    provider,
    principal: rotation.principal,
    awsAccount: accountFor(provider, rotation.principal, rotation.executionArn, sources.hubAccountId),
    exposedKeyId: rotation.oldKeyId,
    exposureReportedAt: exposure.exposureReportedAt,
    revokedAt: exposure.revokedAt,
    secondsToRevoke: secondsBetween(exposure.exposureReportedAt, exposure.revokedAt),
    revocation: exposure.revocation,
    status: exposure.revokedAt ? 'REVOKED' : 'IN_PROGRESS',
    rotationStatus: 'RUNNING',
    failure: null,
  };
}

/** Every emergency rotation of the report, ended or in flight, oldest exposure first. */
export function buildExposureResponse(sources: ExposureSources): ExposureResponse {
  const ended = sources.records
    .map(withExposureDefaults)
    .filter((record) => record.emergency === true)
    .map((record) => fromRecord(record, sources));
  const running = sources.inFlight.flatMap((rotation) =>
    rotation.exposure ? [fromInFlight(rotation, rotation.exposure, sources)] : [],
  );
  const incidents = [...ended, ...running].sort(
    (a, b) =>
      a.exposureReportedAt.localeCompare(b.exposureReportedAt) || a.rotationId.localeCompare(b.rotationId),
  );
  return { revokeWithinMinutes: REVOKE_WITHIN_MINUTES, incidents };
}

/** Revoked, still revoked, and within the target. */
export function revokedInTime(incident: ExposureIncident, withinMinutes = REVOKE_WITHIN_MINUTES): boolean {
  return (
    incident.status === 'REVOKED' &&
    incident.secondsToRevoke !== null &&
    incident.secondsToRevoke <= withinMinutes * 60
  );
}
