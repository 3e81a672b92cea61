/**
 * The key lifetimes the HTML timeline draws, from records and inventory.
 */
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../evidence/model/key-inventory.ts';
import { buildTimelines } from '../../evidence/model/key-timeline.ts';
import { axisWindow } from '../../evidence/report/timeline-svg.ts';
import { record } from './support/report-fixtures.ts';

const PERIOD = { since: '2026-09-01T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' };

describe('buildTimelines', () => {
  it('draws a completed rotation: old key active, grace, inactive, deleted; new key active on', () => {
    const done = record();

    const [timeline] = buildTimelines([done], [], PERIOD);

    expect(timeline?.keys.map((k) => [k.keyId, k.segments.map((s) => [s.kind, s.from, s.to])])).toEqual([
      [
        done.oldKeyId,
        [
          ['active', PERIOD.since, done.publishedAt],
          ['grace', done.publishedAt, done.retiredAt],
          ['inactive', done.retiredAt, done.deletedAt],
          ['deleted', done.deletedAt, done.deletedAt],
        ],
      ],
      [done.newKeyId, [['active', done.newKeyCreatedAt, PERIOD.until]]],
    ]);
  });

  it('a rollback before Publish deletes the new key; the old one stays active', () => {
    const rolledBack = record({
      status: 'ROLLED_BACK',
      publishedAt: null,
      retiredAt: null,
      deletedAt: null,
      failure: { error: 'AccessDeniedException', cause: 'denied' },
    });

    const [timeline] = buildTimelines([rolledBack], [], PERIOD);

    const kinds = Object.fromEntries(
      timeline?.keys.map((k) => [k.keyId, k.segments.map((s) => s.kind)]) ?? [],
    );
    expect(kinds).toEqual({
      [String(rolledBack.oldKeyId)]: ['active'],
      [String(rolledBack.newKeyId)]: ['active', 'deleted'],
    });
  });

  it('an operator rollback makes the retired old key active again at the time its cause records', () => {
    const reactivatedAt = '2026-11-09T10:00:00.000Z';
    const rollback = record({
      status: 'ROLLED_BACK',
      deletedAt: null,
      failure: {
        error: 'OperatorRollback',
        cause: `rolled back by the operator: old key X re-activated at ${reactivatedAt}`,
      },
    });

    const [timeline] = buildTimelines([rollback], [], PERIOD);

    const old = timeline?.keys.find((k) => k.keyId === rollback.oldKeyId);
    expect(old?.segments.map((s) => s.kind)).toEqual(['active', 'grace', 'inactive', 'active']);
    expect(old?.segments.at(-1)).toEqual({ kind: 'active', from: reactivatedAt, to: PERIOD.until });
  });

  it('a key one rotation created and the next one rotated away starts at its creation', () => {
    const first = record();
    const second = record({
      rotationId: 'alice-2026-11-20',
      oldKeyId: first.newKeyId,
      newKeyId: 'AKIANEW0000000000002',
      startedAt: '2026-11-20T03:00:00.000Z',
      newKeyCreatedAt: '2026-11-20T03:00:01.000Z',
      publishedAt: '2026-11-20T03:00:06.000Z',
      retiredAt: '2026-11-27T03:00:06.000Z',
      deletedAt: null,
    });

    const [timeline] = buildTimelines([second, first], [], PERIOD);

    const middle = timeline?.keys.find((k) => k.keyId === first.newKeyId);
    expect(middle?.segments.map((s) => [s.kind, s.from])).toEqual([
      ['active', first.newKeyCreatedAt],
      ['grace', second.publishedAt],
      ['inactive', second.retiredAt],
    ]);
  });

  it('a key no rotation touched is drawn in its current status from its creation (or the period start)', () => {
    const inventory = buildInventory(
      [
        {
          provider: 'aws',
          principal: 'quiet',
          keys: [
            { keyId: 'AKIAQUIET01', status: 'Active', createdAt: '2026-10-15T00:00:00.000Z' },
            { keyId: 'AKIAQUIET02', status: 'Inactive', createdAt: '2025-01-01T00:00:00.000Z' },
          ],
        },
      ],
      { maxKeyAgeDays: 90, now: new Date(PERIOD.until) },
    );

    const [timeline] = buildTimelines([], inventory, PERIOD);

    expect(timeline?.keys.map((k) => [k.keyId, k.segments])).toEqual([
      ['AKIAQUIET02', [{ kind: 'inactive', from: PERIOD.since, to: PERIOD.until }]],
      ['AKIAQUIET01', [{ kind: 'active', from: '2026-10-15T00:00:00.000Z', to: PERIOD.until }]],
    ]);
  });

  it('the axis spans the key events, padded, not the whole 90 days', () => {
    const [timeline] = buildTimelines([record()], [], PERIOD);

    const { start, end } = axisWindow(timeline ?? { provider: 'aws', principal: '', keys: [] }, PERIOD);

    expect(start).toBeGreaterThan(Date.parse(PERIOD.since));
    expect(start).toBeLessThan(Date.parse(record().newKeyCreatedAt ?? ''));
    expect(end).toBeGreaterThan(Date.parse(record().deletedAt ?? ''));
    expect(end).toBeLessThan(Date.parse(PERIOD.until));
  });
});
