/**
 * Findings mapped to controls: key age (CIS 1.14 / 2.12, Security Hub IAM.3),
 * one Active key (with the grace-window exception) and the schedule.
 */
import { describe, expect, it } from 'vitest';
import { evaluateControls } from '../../evidence/model/control-findings.ts';
import { CONTROLS } from '../../evidence/model/controls.ts';
import type { InFlightRotation } from '../../evidence/model/in-flight-rotations.ts';
import { inFlightRotation } from '../../evidence/model/in-flight-rotations.ts';
import { buildInventory, type PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import type { ScheduleHistory } from '../../evidence/model/schedule-history.ts';
import { loadFixture, NO_SCHEDULE, record } from './support/report-fixtures.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function twoActive(principal: string, ids: [string, string]): PrincipalKeys {
  return {
    provider: 'aws',
    principal,
    keys: ids.map((keyId, index) => ({
      keyId,
      status: 'Active' as const,
      createdAt: ago(index === 0 ? 80 : 1),
    })),
  };
}

const rotationOf = (principal: string, oldKeyId: string, newKeyId: string): InFlightRotation => ({
  provider: 'aws',
  principal,
  rotationId: `${principal}-2026-11-23`,
  executionArn: `arn:aws:states:us-east-1:000000000000:execution:Rotation:${principal}-2026-11-23`,
  oldKeyId,
  newKeyId,
  currentState: 'WaitGrace',
  publishedAt: ago(1),
  inGraceWindow: true,
  graceEndsAt: ago(-6),
});

describe('evaluateControls', () => {
  it('maps a key older than the policy to KEY-ROTATION, citing CIS 1.14/2.12 and Security Hub IAM.3', () => {
    const inventory = buildInventory(
      [
        {
          provider: 'aws',
          principal: 'old',
          keys: [{ keyId: 'AKIAOLD', status: 'Active', createdAt: ago(120) }],
        },
      ],
      { maxKeyAgeDays: 90, now: NOW },
    );

    const { controls, findings } = evaluateControls({
      inventory,
      inFlight: [],
      records: [],
      schedule: NO_SCHEDULE,
    });

    expect(findings).toEqual([
      expect.objectContaining({ controlId: 'KEY-ROTATION', outcome: 'finding', keyIds: ['AKIAOLD'] }),
    ]);
    expect(controls[0]).toMatchObject({ controlId: 'KEY-ROTATION', evaluated: 1, compliant: 0, findings: 1 });
    expect(CONTROLS['KEY-ROTATION'].references).toEqual(
      expect.arrayContaining([
        'CIS AWS Foundations Benchmark 1.14 (v1.3–v4)',
        'CIS AWS Foundations Benchmark 2.12 (v7)',
        'AWS Security Hub IAM.3',
      ]),
    );
  });

  it("two Active keys inside an in-flight rotation's grace window are expected, not a finding", () => {
    const inventory = buildInventory([twoActive('mid', ['AKIAMIDOLD', 'AKIAMIDNEW'])], {
      maxKeyAgeDays: 90,
      now: NOW,
    });

    const { controls, findings } = evaluateControls({
      inventory,
      inFlight: [rotationOf('mid', 'AKIAMIDOLD', 'AKIAMIDNEW')],
      records: [],
      schedule: NO_SCHEDULE,
    });

    expect(findings).toEqual([
      expect.objectContaining({ controlId: 'ONE-ACTIVE-KEY', outcome: 'expected', severity: 'info' }),
    ]);
    expect(controls[1]).toMatchObject({ controlId: 'ONE-ACTIVE-KEY', expected: 1, findings: 0 });
  });

  it('two Active keys outside any grace window are a finding, with the failed rotation that left them', () => {
    const inventory = buildInventory([twoActive('left', ['AKIALEFTOLD', 'AKIALEFTNEW'])], {
      maxKeyAgeDays: 90,
      now: NOW,
    });
    const failed = record({
      principal: 'left',
      status: 'FAILED',
      retiredAt: null,
      deletedAt: null,
      failure: { error: 'AccessDenied', cause: 'denied' },
    });
    // A rotation in flight for other keys does not excuse these two.
    const other = rotationOf('left', 'AKIAOTHER1', 'AKIAOTHER2');

    const { findings } = evaluateControls({
      inventory,
      inFlight: [other],
      records: [failed],
      schedule: NO_SCHEDULE,
    });

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      controlId: 'ONE-ACTIVE-KEY',
      outcome: 'finding',
      severity: 'medium',
    });
    expect(findings[0]?.detail).toContain(
      `rotation ${failed.rotationId} failed after Publish (AccessDenied)`,
    );
  });

  it('a rotation past its grace window (old key retired) no longer excuses two Active keys', () => {
    const inventory = buildInventory([twoActive('late', ['AKIALATEOLD', 'AKIALATENEW'])], {
      maxKeyAgeDays: 90,
      now: NOW,
    });
    const retired = { ...rotationOf('late', 'AKIALATEOLD', 'AKIALATENEW'), inGraceWindow: false };

    const { findings } = evaluateControls({
      inventory,
      inFlight: [retired],
      records: [],
      schedule: NO_SCHEDULE,
    });

    expect(findings[0]?.outcome).toBe('finding');
  });

  it('maps schedule gaps to ROTATION-SCHEDULE; a job that stopped running is high severity', () => {
    const schedule: ScheduleHistory = {
      ...NO_SCHEDULE,
      gaps: [{ provider: 'aws', from: ago(5), to: NOW.toISOString(), hours: 120, kind: 'since-last-run' }],
    };

    const { findings } = evaluateControls({ inventory: [], inFlight: [], records: [], schedule });

    expect(findings).toEqual([expect.objectContaining({ controlId: 'ROTATION-SCHEDULE', severity: 'high' })]);
  });

  it('reads the grace window from a real in-flight history: before RetireOldKey it is in the window', () => {
    // Prepare: the operator-rollback history was still running, in WaitDeletion, before it was stopped.
    const { history } = loadFixture('operator-rollback');
    const untilPublish = history.events.findIndex(
      (e) => e.type === 'StateEntered' && e.stateName === 'WaitGrace',
    );
    const early = { ...history, status: 'RUNNING', events: history.events.slice(0, untilPublish) };
    const late = { ...history, status: 'RUNNING', events: history.events.slice(0, -1) };

    expect(inFlightRotation(early)).toMatchObject({
      principal: 'ev-operator',
      inGraceWindow: true,
      currentState: undefined,
    });
    expect(inFlightRotation(late)).toMatchObject({ inGraceWindow: false, currentState: 'WaitDeletion' });
  });
});
