/**
 * Evaluates the controls (controls.ts) over the inventory, the rotations in
 * flight, the records and the schedule, and says for each finding what an
 * auditor or operator needs to act on it: which key, how old, and, for two
 * Active keys, whether a rotation explains them.
 */

import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import { CONTROLS, type ControlId, type ControlResult, type Finding } from './controls.ts';
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

export function evaluateControls(inputs: ControlInputs): { controls: ControlResult[]; findings: Finding[] } {
  const results: [ControlId, ReturnType<typeof keyRotation> & { expected?: number }][] = [
    ['KEY-ROTATION', keyRotation(inputs.inventory, inputs.inFlight)],
    ['ONE-ACTIVE-KEY', oneActiveKey(inputs)],
    ['ROTATION-SCHEDULE', schedule(inputs.schedule)],
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
