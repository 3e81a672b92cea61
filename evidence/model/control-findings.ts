/**
 * Evaluates the controls (controls.ts) over the inventory, the rotations in
 * flight, the records and the schedule, and says for each finding what an
 * auditor or operator needs to act on it: which key, how old, and, for two
 * Active keys, whether a rotation explains them.
 */

import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import { CONTROLS, type ControlId, type ControlResult, type Finding } from './controls.ts';
import {
  buildExposureResponse,
  type ExposureIncident,
  REVOKE_WITHIN_MINUTES,
  revokedInTime,
} from './exposure-response.ts';
import type { InFlightRotation } from './in-flight-rotations.ts';
import { type InventoryPrincipal, signs } from './key-inventory.ts';
import { counted } from './plural.ts';
import { isRefused } from './refused-attempts.ts';
import type { ScheduleHistory } from './schedule-history.ts';

export interface ControlInputs {
  readonly inventory: readonly InventoryPrincipal[];
  readonly inFlight: readonly InFlightRotation[];
  readonly records: readonly EvidenceRecord[];
  readonly schedule: ScheduleHistory;
  /**
   * The end of the period: an emergency rotation in flight and not yet revoked is late after it.
   * @default - in-flight emergency rotations are not judged late
   */
  readonly now?: Date;
  /** @default - the account of each execution ARN (exposure-response.ts) */
  readonly hubAccountId?: string;
  /** @default - none: a refused attempt's key id is not known */
  readonly inputKeyIds?: ReadonlyMap<string, string>;
}

function keyRotation(inventory: readonly InventoryPrincipal[], inFlight: readonly InFlightRotation[]) {
  const replacing = (p: InventoryPrincipal, keyId: string) =>
    inFlight.find((r) => r.principal === p.principal && r.provider === p.provider && r.oldKeyId === keyId);
  // Every key that can sign: Active ones, and retired Yandex keys, which sign until deleted.
  const active = inventory.flatMap((p) => p.keys.filter((k) => signs(p.provider, k)).map((k) => ({ p, k })));
  const findings: Finding[] = active
    .filter(({ k }) => k.classification === 'non-compliant')
    .map(({ p, k }): Finding => {
      const rotation = replacing(p, k.keyId);
      const inFlightNote = rotation ? `; rotation ${rotation.rotationId} in flight replaces it` : '';
      return {
        controlId: 'KEY-ROTATION',
        outcome: 'finding',
        severity: 'medium',
        provider: p.provider,
        principal: p.principal,
        keyIds: [k.keyId],
        detail: `${k.status === 'Active' ? 'Active' : 'Retired'} key ${k.keyId}: ${k.reason}; last used ${k.lastUsedAt ?? 'never'}${inFlightNote}`,
      };
    });
  const count = (c: string) => active.filter(({ k }) => k.classification === c).length;
  return { findings, evaluated: active.length, compliant: count('compliant'), exempt: count('exempt') };
}

/**
 * Why a principal has two Active keys, when a past rotation explains it. A
 * refused attempt changed nothing, so it explains nothing: the rotation that
 * ran before it does (and the refusals are what two Active keys cause).
 */
function cause(principal: InventoryPrincipal, records: readonly EvidenceRecord[]): string {
  const last = records.findLast(
    (r) => r.provider === principal.provider && r.principal === principal.principal && !isRefused(r),
  );
  if (last?.failure?.error === 'OperatorRollback')
    return `; rotation ${last.rotationId} was rolled back by the operator, who re-activated the old key: deactivate the one no consumer uses`;
  if (last?.status === 'FAILED' && last.publishedAt)
    return `; rotation ${last.rotationId} failed after Publish (${last.failure?.error}) and left both keys usable: retire the old key once no consumer uses it`;
  return '; no rotation in flight explains it: deactivate the key no consumer uses';
}

function oneActiveKey(inputs: ControlInputs) {
  const findings: Finding[] = [];
  for (const principal of inputs.inventory.filter((p) => p.activeKeys > 1)) {
    const keyIds = principal.keys.filter((k) => k.status === 'Active').map((k) => k.keyId);
    const rotation = inputs.inFlight.find(
      (r) =>
        r.principal === principal.principal &&
        (r.provider === undefined || r.provider === principal.provider) &&
        r.inGraceWindow &&
        keyIds.every((id) => id === r.oldKeyId || id === r.newKeyId),
    );
    const base = {
      controlId: 'ONE-ACTIVE-KEY' as const,
      provider: principal.provider,
      principal: principal.principal,
      keyIds,
    };
    findings.push(
      rotation
        ? {
            ...base,
            outcome: 'expected',
            severity: 'info',
            detail: `grace window of rotation ${rotation.rotationId} (now in ${rotation.currentState ?? 'its first step'}${rotation.graceEndsAt ? `, grace ends ${rotation.graceEndsAt}` : ''}): the old key is retired after it`,
          }
        : {
            ...base,
            outcome: 'finding',
            severity: 'medium',
            detail: `${counted(keyIds.length, 'Active key')}: ${keyIds.join(', ')}${cause(principal, inputs.records)}`,
          },
    );
  }
  const expected = findings.filter((f) => f.outcome === 'expected').length;
  const evaluated = inputs.inventory.length;
  return { findings, evaluated, compliant: evaluated - findings.length, exempt: 0, expected };
}

function schedule(history: ScheduleHistory) {
  const findings: Finding[] = history.gaps.map((gap) => ({
    controlId: 'ROTATION-SCHEDULE',
    outcome: 'finding',
    severity: gap.kind === 'no-run' || gap.kind === 'since-last-run' ? 'high' : 'low',
    provider: gap.provider ?? null,
    principal: null,
    keyIds: [],
    detail: `no successful fleet run for ${counted(gap.hours, 'hour')}, from ${gap.from} to ${gap.to} (${gap.kind})`,
  }));
  const schedules = new Set([...history.runs.map((r) => r.provider), ...history.gaps.map((g) => g.provider)]);
  const failing = new Set(history.gaps.map((g) => g.provider));
  return { findings, evaluated: schedules.size, compliant: schedules.size - failing.size, exempt: 0 };
}

function minutesText(seconds: number | null): string {
  return seconds === null ? '' : `${(seconds / 60).toFixed(1)} min`;
}

/** The finding an incident is, if any: anything but a revocation in time is one. */
function exposureFinding(incident: ExposureIncident, now: Date | undefined): Finding | undefined {
  if (revokedInTime(incident)) return undefined;
  const key = incident.exposedKeyId ?? 'its exposed key';
  const base = {
    controlId: 'EXPOSED-KEY-REVOKED' as const,
    outcome: 'finding' as const,
    severity: 'high' as const,
    provider: incident.provider,
    principal: incident.principal || null,
    keyIds: incident.exposedKeyId ? [incident.exposedKeyId] : [],
  };
  const reported = `exposure reported ${incident.exposureReportedAt}`;
  const failure = incident.failure ? ` (${incident.failure.error}: ${incident.failure.cause})` : '';
  switch (incident.status) {
    case 'REVOKED':
      return {
        ...base,
        detail: `${key} was revoked ${minutesText(incident.secondsToRevoke)} after the ${reported}, later than ${REVOKE_WITHIN_MINUTES} min`,
      };
    case 'REACTIVATED':
      return {
        ...base,
        detail: `${key} was revoked, then re-activated by the operator's rollback of ${incident.rotationId}: the exposed key works again; deactivate it and rotate again (${reported})`,
      };
    case 'NOT_REVOKED':
      return {
        ...base,
        detail: `NOT REVOKED: emergency rotation ${incident.rotationId} ended ${incident.rotationStatus}${failure} with ${key} still working; revoke it now (${reported})`,
      };
    case 'REFUSED':
      return {
        ...base,
        severity: 'medium',
        detail: `emergency rotation ${incident.rotationId} was refused before any change${failure}: the rotator revoked nothing; check ${key} and revoke it if it is yours (${reported})`,
      };
    case 'IN_PROGRESS': {
      const dueBy = Date.parse(incident.exposureReportedAt) + REVOKE_WITHIN_MINUTES * 60_000;
      if (now === undefined || now.getTime() <= dueBy)
        return {
          ...base,
          outcome: 'expected',
          severity: 'info',
          detail: `emergency rotation ${incident.rotationId} in flight: ${key} not revoked yet, due by ${new Date(dueBy).toISOString()} (${reported})`,
        };
      return {
        ...base,
        detail: `NOT REVOKED yet: emergency rotation ${incident.rotationId} is still running ${minutesText((now.getTime() - Date.parse(incident.exposureReportedAt)) / 1000)} after the ${reported}, and ${key} still works`,
      };
    }
  }
}

function exposedKeys(inputs: ControlInputs) {
  const { incidents } = buildExposureResponse({
    records: inputs.records,
    inFlight: inputs.inFlight,
    ...(inputs.hubAccountId !== undefined && { hubAccountId: inputs.hubAccountId }),
    ...(inputs.inputKeyIds && { inputKeyIds: inputs.inputKeyIds }),
  });
  const findings = incidents.flatMap((incident) => exposureFinding(incident, inputs.now) ?? []);
  const expected = findings.filter((f) => f.outcome === 'expected').length;
  return {
    findings,
    evaluated: incidents.length,
    compliant: incidents.filter((incident) => revokedInTime(incident)).length,
    exempt: 0,
    expected,
  };
}

export function evaluateControls(inputs: ControlInputs): { controls: ControlResult[]; findings: Finding[] } {
  const results: [ControlId, ReturnType<typeof keyRotation> & { expected?: number }][] = [
    ['KEY-ROTATION', keyRotation(inputs.inventory, inputs.inFlight)],
    ['ONE-ACTIVE-KEY', oneActiveKey(inputs)],
    ['ROTATION-SCHEDULE', schedule(inputs.schedule)],
    ['EXPOSED-KEY-REVOKED', exposedKeys(inputs)],
  ];
  const controls = results.map(([id, result]) => ({
    controlId: id,
    title: CONTROLS[id].title,
    references: CONTROLS[id].references,
    evaluated: result.evaluated,
    compliant: result.compliant,
    exempt: result.exempt,
    expected: result.expected ?? 0,
    findings: result.findings.filter((f) => f.outcome === 'finding').length,
  }));
  return { controls, findings: results.flatMap(([, result]) => result.findings) };
}
