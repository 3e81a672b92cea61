/**
 * Evaluates a parsed ConditionExpression against the item currently stored
 * (undefined when there is none). Semantics follow DynamoDB: a missing
 * attribute equals nothing, so `=` and ordering are false and `<>` is true;
 * ordering works only between two S, two N or two B values.
 */
import type { AttributeValue, StoredItem } from '../state/cloud-state.ts';
import type { Comparator, Condition, Operand, PathElement } from './condition-syntax.ts';
import { ORDERED_TYPES, type PreparedExpressions, resolveName } from './expression-attributes.ts';

function typeOf(value: AttributeValue): string {
  return Object.keys(value)[0] ?? '';
}

export function resolvePath(
  item: StoredItem | undefined,
  path: readonly PathElement[],
  names: Readonly<Record<string, string>>,
): AttributeValue | undefined {
  let current: AttributeValue | undefined;
  for (const [position, element] of path.entries()) {
    if ('index' in element) {
      const list = current?.L;
      current = Array.isArray(list) ? (list[element.index] as AttributeValue | undefined) : undefined;
    } else if (position === 0) {
      current = item?.[resolveName(element, names)];
    } else {
      const map = current?.M as Record<string, AttributeValue> | undefined;
      current = map?.[resolveName(element, names)];
    }
    if (current === undefined) return undefined;
  }
  return current;
}

function equal(a: AttributeValue, b: AttributeValue): boolean {
  if (typeOf(a) !== typeOf(b)) return false;
  if (typeOf(a) === 'N') return Number(a.N) === Number(b.N);
  return JSON.stringify(a) === JSON.stringify(b);
}

function order(a: AttributeValue, b: AttributeValue): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b) || !ORDERED_TYPES.has(type)) return undefined;
  if (type === 'N') return Number(a.N) - Number(b.N);
  // DynamoDB orders strings and binaries by their bytes (UTF-8 for strings).
  const encoding = type === 'B' ? 'base64' : 'utf8';
  return Buffer.compare(Buffer.from(String(a[type]), encoding), Buffer.from(String(b[type]), encoding));
}

function compare(
  op: Comparator,
  left: AttributeValue | undefined,
  right: AttributeValue | undefined,
): boolean {
  if (op === '=') return left !== undefined && right !== undefined && equal(left, right);
  if (op === '<>') return !(left !== undefined && right !== undefined && equal(left, right));
  const difference = left === undefined || right === undefined ? undefined : order(left, right);
  if (difference === undefined) return false;
  if (op === '<') return difference < 0;
  if (op === '>') return difference > 0;
  if (op === '<=') return difference <= 0;
  return difference >= 0;
}

function operandValue(operand: Operand, item: StoredItem | undefined, prepared: PreparedExpressions) {
  return operand.kind === 'path'
    ? resolvePath(item, operand.path, prepared.names)
    : prepared.values[operand.placeholder];
}

export function evaluateCondition(
  condition: Condition,
  item: StoredItem | undefined,
  prepared: PreparedExpressions,
): boolean {
  switch (condition.kind) {
    case 'and':
      return (
        evaluateCondition(condition.left, item, prepared) &&
        evaluateCondition(condition.right, item, prepared)
      );
    case 'or':
      return (
        evaluateCondition(condition.left, item, prepared) ||
        evaluateCondition(condition.right, item, prepared)
      );
    case 'not':
      return !evaluateCondition(condition.operand, item, prepared);
    case 'function': {
      const exists = resolvePath(item, condition.path, prepared.names) !== undefined;
      return condition.name === 'attribute_exists' ? exists : !exists;
    }
    case 'compare':
      return compare(
        condition.op,
        operandValue(condition.left, item, prepared),
        operandValue(condition.right, item, prepared),
      );
  }
}
