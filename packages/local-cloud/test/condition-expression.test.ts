import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../src/dynamodb/condition-evaluator.ts';
import { prepareExpressions } from '../src/dynamodb/expression-attributes.ts';
import type { AttributeValue, StoredItem } from '../src/state/cloud-state.ts';

function holds(
  condition: string,
  item: StoredItem | undefined,
  values: Record<string, AttributeValue> = {},
  names: Record<string, string> = {},
): boolean {
  const prepared = prepareExpressions({ condition, values, names });
  if (!prepared.condition) throw new Error('no condition parsed');
  return evaluateCondition(prepared.condition, item, prepared);
}

const ITEM: StoredItem = {
  lockId: { S: 'aws#alice' },
  rotationId: { S: 'r1' },
  expiresAtEpoch: { N: '100' },
  meta: { M: { owner: { S: 'cli' } } },
  steps: { L: [{ S: 'plan' }, { S: 'create' }] },
};

describe('ConditionExpression evaluation', () => {
  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    // Parsed as (false AND false) OR true; a left-to-right reading would give false.
    expect(
      holds('rotationId = :x AND rotationId = :x OR rotationId = :r', ITEM, {
        ':x': { S: 'x' },
        ':r': { S: 'r1' },
      }),
    ).toBe(true);
    // Parsed as (NOT true) AND true.
    expect(holds('NOT rotationId = :r AND rotationId = :r', ITEM, { ':r': { S: 'r1' } })).toBe(false);
    expect(
      holds('NOT (rotationId = :x AND rotationId = :r)', ITEM, { ':x': { S: 'x' }, ':r': { S: 'r1' } }),
    ).toBe(true);
  });

  it('treats a missing attribute as unequal to everything and unordered', () => {
    const values = { ':v': { S: 'x' } };
    expect(holds('missing = :v', ITEM, values)).toBe(false);
    expect(holds('missing <> :v', ITEM, values)).toBe(true);
    expect(holds('missing < :v', ITEM, values)).toBe(false);
    expect(holds('missing >= :v', ITEM, values)).toBe(false);
    expect(holds('attribute_not_exists(rotationId)', undefined)).toBe(true);
    expect(holds('attribute_exists(rotationId)', undefined)).toBe(false);
  });

  it('orders numbers numerically, strings by bytes, and never across types', () => {
    expect(holds('expiresAtEpoch <= :n', ITEM, { ':n': { N: '100.0' } })).toBe(true);
    expect(holds('expiresAtEpoch > :n', ITEM, { ':n': { N: '99' } })).toBe(true);
    expect(holds('rotationId < :s', ITEM, { ':s': { S: 'r2' } })).toBe(true);
    expect(holds('expiresAtEpoch < :s', ITEM, { ':s': { S: '999' } })).toBe(false);
    expect(holds('expiresAtEpoch = :s', ITEM, { ':s': { S: '100' } })).toBe(false);
  });

  it('resolves aliases, nested map members and list elements', () => {
    expect(holds('#m.#o = :v', ITEM, { ':v': { S: 'cli' } }, { '#m': 'meta', '#o': 'owner' })).toBe(true);
    expect(holds('steps[1] = :v', ITEM, { ':v': { S: 'create' } })).toBe(true);
    expect(holds('attribute_exists(steps[5])', ITEM)).toBe(false);
  });

  it('refuses malformed and unsupported expressions with ValidationException', () => {
    const fail = (condition: string, values: Record<string, AttributeValue> = { ':v': { S: 'x' } }) => {
      try {
        holds(condition, ITEM, values);
      } catch (error) {
        return `${(error as { code: string }).code}: ${(error as Error).message}`;
      }
      return 'no error';
    };
    expect(fail('rotationId = ')).toMatch(/^ValidationException: .*Syntax error/);
    expect(fail('(rotationId = :v')).toMatch(/Syntax error/);
    expect(fail('rotationId BETWEEN :v AND :v')).toMatch(/BETWEEN/);
    expect(fail('rotationId IN (:v)')).toMatch(/IN is not supported/);
    expect(fail('size(steps) > :v')).toMatch(/size/);
    expect(fail('frobnicate(rotationId)')).toMatch(/Invalid function name; function: frobnicate/);
    expect(fail('rotationId < :v', { ':v': { BOOL: true } as unknown as AttributeValue })).toMatch(
      /operand type: BOOL/,
    );
    expect(fail('#undefined = :v')).toMatch(/attribute name: #undefined/);
  });
});
