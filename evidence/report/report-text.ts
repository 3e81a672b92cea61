/**
 * The wording and cell values the Markdown and HTML reports share, so both
 * say the same thing in the same words; each only escapes for its own syntax.
 */

import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import type { EvidenceReport } from '../model/evidence-report.ts';
import type { ExposureIncident } from '../model/exposure-response.ts';
import { counted } from '../model/plural.ts';
import { isRefused } from '../model/refused-attempts.ts';

export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export const TITLE = 'Access key rotation: compliance evidence';

/** What Plan refuses, in the words a reader knows (refused-attempts.ts has the error names). */
export const REFUSAL_REASONS =
  'rotation in flight, invalid input, principal missing or not opted in, two Active keys';

/** The status a table shows: a refused attempt is not a failed rotation, though its record says FAILED. */
export function shownStatus(record: EvidenceRecord): string {
  return isRefused(record) ? 'REFUSED' : record.status;
}

/** A schedule deployed inside the period is judged from then: say so, with when its first run is due. */
function deploymentNote(report: EvidenceReport): string {
  return report.schedule.deployments
    .map(
      (d) =>
        `; ${d.provider ?? 'schedule'} deployed ${shortTime(d.deployedAt)}, first run due by ${shortTime(d.firstRunDueBy)}`,
    )
    .join('');
}

export function summaryLines(report: EvidenceReport): string[] {
  const { rotations, keys, schedule } = report.summary;
  return [
    `Period: ${report.period.since} to ${report.period.until} (source: ${report.source})`,
    `Policy: ${report.policy.compliantWhen}`,
    `Rotations: ${counted(rotations.total, 'rotation')} (${rotations.succeeded} succeeded, ${rotations.rolledBack} rolled back, ${rotations.failed} failed); ${rotations.inFlight} in flight`,
    `Refused: ${counted(rotations.refused, 'attempt')} refused by Plan before any change (${REFUSAL_REASONS}), not counted as rotations`,
    `Keys: ${counted(keys.keys, 'key')} of ${counted(keys.principals, 'principal')} (${keys.active} Active): ${keys.compliant} compliant, ${keys.nonCompliant} non-compliant, ${keys.exempt} exempt`,
    `Schedule: ${counted(schedule.runs, 'fleet run')} on ${counted(schedule.daysWithRuns, 'day')}, ${counted(schedule.gaps, 'gap')}${deploymentNote(report)}`,
    exposureLine(report),
    `Findings: ${counted(report.summary.findings, 'finding')} (and ${report.summary.expected} expected, inside a rotation's grace window)`,
  ];
}

/** A time as `2026-11-23 16:45:11Z`: short enough for a table, still UTC and exact to the second. */
export function shortTime(time: string | null | undefined): string {
  return time ? `${time.slice(0, 10)} ${time.slice(11, 19)}Z` : '';
}

export function controlsTable(report: EvidenceReport): Table {
  return {
    headers: ['Control', 'References', 'Evaluated', 'Compliant', 'Exempt', 'Expected', 'Findings'],
    rows: report.controls.map((c) => [
      `${c.controlId}: ${c.title}`,
      c.references.join('; '),
      String(c.evaluated),
      String(c.compliant),
      String(c.exempt),
      String(c.expected),
      String(c.findings),
    ]),
  };
}

export function findingsTable(report: EvidenceReport): Table {
  return {
    headers: ['Control', 'Outcome', 'Severity', 'Principal', 'Keys', 'Detail'],
    rows: report.findings.map((f) => [
      f.controlId,
      f.outcome,
      f.severity,
      f.principal ? `${f.provider}/${f.principal}` : (f.provider ?? ''),
      f.keyIds.join(', '),
      f.detail,
    ]),
  };
}

function failureText(record: EvidenceRecord): string {
  return record.failure ? `${record.failure.error}: ${record.failure.cause}` : '';
}

export function recordsTable(report: EvidenceReport): Table {
  return {
    headers: [
      'Rotation',
      'Principal',
      'Status',
      'Old key',
      'New key',
      'Started',
      'Created',
      'Verified',
      'Published',
      'Old key last used',
      'Retired',
      'Deleted',
      'Failure',
    ],
    rows: report.records.map((r) => [
      r.rotationId,
      `${r.provider}/${r.principal}`,
      shownStatus(r),
      r.oldKeyId ?? '',
      r.newKeyId ?? '',
      ...[
        r.startedAt,
        r.newKeyCreatedAt,
        r.verifiedAt,
        r.publishedAt,
        r.oldKeyLastUsedAt,
        r.retiredAt,
        r.deletedAt,
      ].map(shortTime),
      failureText(r),
    ]),
  };
}

export function inventoryTable(report: EvidenceReport): Table {
  return {
    headers: ['Principal', 'Key', 'Status', 'Created', 'Age (days)', 'Last used', 'Classification', 'Why'],
    rows: report.inventory.flatMap((p) =>
      p.keys.map((k) => [
        `${p.provider}/${p.principal}`,
        k.keyId,
        k.status,
        shortTime(k.createdAt),
        k.ageDays === null ? '' : k.ageDays.toFixed(2),
        shortTime(k.lastUsedAt) || 'never',
        k.classification,
        k.reason,
      ]),
    ),
  };
}

export function scheduleTable(report: EvidenceReport): Table {
  return {
    headers: ['Day (UTC)', 'Provider', 'Runs', 'Succeeded', 'Failed', 'Keys rotated'],
    rows: report.schedule.days.map((d) => [
      d.date,
      d.provider ?? '',
      String(d.runs),
      String(d.succeeded),
      String(d.failed),
      String(d.rotated),
    ]),
  };
}

export function gapsTable(report: EvidenceReport): Table {
  return {
    headers: ['Provider', 'From', 'To', 'Hours', 'Kind'],
    rows: report.schedule.gaps.map((g) => [
      g.provider ?? '',
      shortTime(g.from),
      shortTime(g.to),
      String(g.hours),
      g.kind,
    ]),
  };
}

export function inFlightTable(report: EvidenceReport): Table {
  return {
    headers: ['Rotation', 'Principal', 'Now in', 'Old key', 'New key', 'Published', 'Grace ends'],
    rows: report.inFlight.map((r) => [
      r.rotationId,
      `${r.provider ?? '?'}/${r.principal}`,
      r.currentState ?? '',
      r.oldKeyId ?? '',
      r.newKeyId ?? '',
      shortTime(r.publishedAt),
      shortTime(r.graceEndsAt),
    ]),
  };
}

/** A duration as a person reads it: `850 ms`, `42 s`, `3 min 5 s`, `2 h 4 min`, `3 d 2 h`. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '';
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  if (s < 1) return `${sign}${Math.round(s * 1000)} ms`;
  if (s < 60) return `${sign}${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const whole = Math.round(s);
  const [d, h, m] = [Math.floor(whole / 86_400), Math.floor(whole / 3600) % 24, Math.floor(whole / 60) % 60];
  if (whole < 3600) return `${sign}${m} min ${whole % 60} s`;
  if (whole < 86_400) return `${sign}${h} h ${m} min`;
  return `${sign}${d} d ${h} h`;
}

export const EXPOSURE_EMPTY =
  'No emergency rotation in the period: no exposed key was reported to the rotator.';

/** What revoked the key, in the provider's own terms. */
export function revocationText(incident: ExposureIncident): string {
  if (incident.revocation === 'DEACTIVATED') return 'Inactive (deleted after the deletion delay)';
  if (incident.revocation === 'DELETED') return "deleted (a Yandex static key's only revocation)";
  return incident.status === 'IN_PROGRESS' ? 'pending' : 'none: the key still works';
}

function principalWithAccount(incident: ExposureIncident): string {
  const name = incident.principal || '(owner unknown)';
  const where = incident.awsAccount ? ` (account ${incident.awsAccount})` : '';
  return `${incident.provider}/${name}${where}`;
}

/** Why an incident is not a clean revocation in time: its cause, or its lateness. */
function incidentNote(incident: ExposureIncident, withinMinutes: number): string {
  if (incident.failure)
    return `${incident.rotationStatus}: ${incident.failure.error}: ${incident.failure.cause}`;
  const late = incident.secondsToRevoke !== null && incident.secondsToRevoke > withinMinutes * 60;
  return late ? `later than ${withinMinutes} min` : '';
}

export function exposureTable(report: EvidenceReport): Table {
  const { incidents, revokeWithinMinutes } = report.exposureResponse;
  return {
    headers: [
      'Rotation',
      'Principal',
      'Exposed key',
      'Exposure reported',
      'Revoked',
      'Time to revoke',
      'Revocation',
      'Status',
      'Note',
    ],
    rows: incidents.map((incident) => [
      incident.rotationId,
      principalWithAccount(incident),
      incident.exposedKeyId ?? '',
      shortTime(incident.exposureReportedAt),
      shortTime(incident.revokedAt),
      durationText(incident.secondsToRevoke),
      revocationText(incident),
      incident.status,
      incidentNote(incident, revokeWithinMinutes),
    ]),
  };
}

/** The incidents whose exposed key still works (or may): shown above the table, not only in it. */
export function notRevokedAlerts(report: EvidenceReport): string[] {
  return report.exposureResponse.incidents
    .filter((incident) => incident.status !== 'REVOKED' && incident.status !== 'IN_PROGRESS')
    .map(
      (incident) =>
        `${incident.status === 'REFUSED' ? 'NOT REVOKED (refused)' : 'NOT REVOKED'}: exposed key ${incident.exposedKeyId ?? '(unknown)'} of ${principalWithAccount(incident)}, reported ${shortTime(incident.exposureReportedAt)}, rotation ${incident.rotationId} ${incident.status === 'REACTIVATED' ? 'was rolled back and the key re-activated' : `ended ${incident.rotationStatus}`}`,
    );
}

/** The exposure line of the summary, and what the Exposure response section says under its title. */
export function exposureLine(report: EvidenceReport): string {
  const e = report.summary.exposures;
  if (e.incidents === 0) return `Exposure response: ${EXPOSURE_EMPTY}`;
  const median =
    e.medianSecondsToRevoke === null
      ? ''
      : `, median time to revoke ${durationText(e.medianSecondsToRevoke)}`;
  return `Exposure response: ${counted(e.incidents, 'emergency rotation')}: ${e.revoked} revoked (${e.revokedInTime} within ${report.exposureResponse.revokeWithinMinutes} min${median}), ${e.notRevoked} not revoked, ${e.inProgress} in progress`;
}
