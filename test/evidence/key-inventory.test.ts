/**
 * Inventory classification at the policy boundary. The control says "rotated
 * every 90 days or less", so an Active key exactly 90 days old is compliant,
 * and a moment older is not.
 */
import { describe, expect, it } from 'vitest';
import { evaluateControls } from '../../evidence/model/control-findings.ts';
import { buildInventory, classifyKey, type PrincipalKeys } from '../../evidence/model/key-inventory.ts';
import { NO_SCHEDULE } from './support/report-fixtures.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const DAY_MS = 86_400_000;
const POLICY = { maxKeyAgeDays: 90, now: NOW };

const createdAgo = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const activeKey = (ageMs: number) => ({
  keyId: 'AKIAEXAMPLE000000001',
  status: 'Active' as const,
  createdAt: createdAgo(ageMs),
});

describe('classifyKey at the 90-day boundary', () => {
  it.each([
    ['89 days', 89 * DAY_MS, 'compliant'],
    ['exactly 90 days', 90 * DAY_MS, 'compliant'],
    ['90 days and 1 second', 90 * DAY_MS + 1000, 'non-compliant'],
    ['91 days', 91 * DAY_MS, 'non-compliant'],
  ])('an Active key %s old is %s', (_label, ageMs, expected) => {
    expect(classifyKey(activeKey(ageMs), undefined, POLICY).classification).toBe(expected);
  });

  it('follows maxKeyAgeDays, not a fixed 90', () => {
    const key = activeKey(45 * DAY_MS);

    expect(classifyKey(key, undefined, { ...POLICY, maxKeyAgeDays: 30 }).classification).toBe(
      'non-compliant',
    );
    expect(classifyKey(key, undefined, { ...POLICY, maxKeyAgeDays: 45 }).classification).toBe('compliant');
  });

  it('says why, with the measured age never rounded up', () => {
    const result = classifyKey(activeKey(91.5 * DAY_MS), undefined, POLICY);

    expect(result).toEqual({
      ageDays: 91.5,
      classification: 'non-compliant',
      reason: '91.5 days old, over 90 days',
    });
  });

  it('an exempt principal is exempt whatever the age, and says which exemption', () => {
    const result = classifyKey(activeKey(400 * DAY_MS), 'member of exempt group break-glass', POLICY);

    expect(result.classification).toBe('exempt');
    expect(result.reason).toBe('exempt: member of exempt group break-glass');
  });

  it('an Inactive key signs nothing: compliant at any age', () => {
    const key = { ...activeKey(300 * DAY_MS), status: 'Inactive' as const };

    expect(classifyKey(key, undefined, POLICY).classification).toBe('compliant');
  });

  it('a retired Yandex key still signs until deleted: its age counts, as an Active key', () => {
    const retired = {
      keyId: 'YCAJERETIRED0000001',
      status: 'Inactive' as const,
      createdAt: createdAgo(300 * DAY_MS),
    };
    const [principal] = buildInventory([{ provider: 'yandex', principal: 'sa', keys: [retired] }], POLICY);
    const inventory = principal ? [principal] : [];

    const { findings } = evaluateControls({ inventory, inFlight: [], records: [], schedule: NO_SCHEDULE });

    expect(principal?.keys[0]).toMatchObject({
      classification: 'non-compliant',
      reason: 'retired, still usable until deleted: 300 days old, over 90 days',
    });
    expect(findings.map((f) => [f.controlId, f.detail.split(';')[0]])).toEqual([
      [
        'KEY-ROTATION',
        'Retired key YCAJERETIRED0000001: retired, still usable until deleted: 300 days old, over 90 days',
      ],
    ]);
    expect(classifyKey(retired, undefined, POLICY, 'aws').reason).toBe(
      'Inactive (300 days old): signs nothing',
    );
  });

  it('an Active key without a creation date is non-compliant: its age cannot be shown', () => {
    const key = { ...activeKey(0), createdAt: '' };

    expect(classifyKey(key, undefined, POLICY)).toMatchObject({
      ageDays: null,
      classification: 'non-compliant',
    });
  });
});

describe('buildInventory', () => {
  it('lists every key with status, age and last use, counts Active keys, and sorts principals', () => {
    // Prepare
    const principals: PrincipalKeys[] = [
      {
        provider: 'aws',
        principal: 'zoe',
        keys: [
          {
            keyId: 'AKIAZOE0000000000001',
            status: 'Active',
            createdAt: createdAgo(10 * DAY_MS),
            lastUsedAt: '2026-11-22T08:00:00Z',
          },
          {
            keyId: 'AKIAZOE0000000000002',
            status: 'Active',
            createdAt: createdAgo(100 * DAY_MS),
            lastUsedAt: null,
          },
        ],
      },
      { provider: 'aws', principal: 'adam', exemption: 'tag access-key-rotator:exempt', keys: [] },
    ];

    // Act
    const inventory = buildInventory(principals, POLICY);

    // Assess
    expect(inventory.map((p) => p.principal)).toEqual(['adam', 'zoe']);
    expect(inventory[0]).toMatchObject({ exemption: 'tag access-key-rotator:exempt', activeKeys: 0 });
    expect(inventory[1]?.activeKeys).toBe(2);
    expect(inventory[1]?.keys).toEqual([
      expect.objectContaining({
        ageDays: 10,
        lastUsedAt: '2026-11-22T08:00:00.000Z',
        classification: 'compliant',
      }),
      expect.objectContaining({ ageDays: 100, lastUsedAt: null, classification: 'non-compliant' }),
    ]);
  });
});
