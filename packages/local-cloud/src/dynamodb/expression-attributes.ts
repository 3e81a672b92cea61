/**
 * Parses a request's expressions and checks its ExpressionAttributeNames and
 * ExpressionAttributeValues the way DynamoDB does: every placeholder used must
 * be defined and every one defined must be used. This strictness is deliberate:
 * AWS refuses such requests, so the local cloud must too.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { AttributeValue } from '../state/cloud-state.ts';
import { parseCondition, parseProjection } from './condition-parser.ts';
import type { Condition, Operand, PathElement } from './condition-syntax.ts';

export interface ExpressionRequest {
  readonly condition?: string;
  readonly projection?: string;
  readonly names?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, AttributeValue>>;
}

export interface PreparedExpressions {
  readonly condition?: Condition;
  readonly projection?: PathElement[][];
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, AttributeValue>>;
}

function validation(message: string): CloudApiError {
  return new CloudApiError('ValidationException', message);
}

function collect(condition: Condition, aliases: Set<string>, placeholders: Set<string>): void {
  const fromPath = (path: readonly PathElement[]) => {
    for (const element of path) if ('alias' in element && element.alias) aliases.add(element.name);
  };
  const fromOperand = (operand: Operand) =>
    operand.kind === 'value' ? placeholders.add(operand.placeholder) : fromPath(operand.path);
  switch (condition.kind) {
    case 'and':
    case 'or':
      collect(condition.left, aliases, placeholders);
      collect(condition.right, aliases, placeholders);
      return;
    case 'not':
      collect(condition.operand, aliases, placeholders);
      return;
    case 'compare':
      fromOperand(condition.left);
      fromOperand(condition.right);
      return;
    case 'function':
      fromPath(condition.path);
  }
}

function checkUsage(
  label: string,
  defined: readonly string[],
  used: Set<string>,
  kind: 'name' | 'value',
): void {
  const missing = [...used].find((key) => !defined.includes(key));
  if (missing !== undefined) {
    const detail =
      kind === 'name'
        ? `An expression attribute name used in the document path is not defined; attribute name: ${missing}`
        : `An expression attribute value used in expression is not defined; attribute value: ${missing}`;
    throw validation(`Invalid ${label}: ${detail}`);
  }
  const unused = defined.filter((key) => !used.has(key));
  if (unused.length > 0) {
    const member = kind === 'name' ? 'ExpressionAttributeNames' : 'ExpressionAttributeValues';
    throw validation(`Value provided in ${member} unused in expressions: keys: {${unused.join(', ')}}`);
  }
}

const ORDERING = new Set(['<', '>', '<=', '>=']);
export const ORDERED_TYPES = new Set(['S', 'N', 'B']);

/** DynamoDB refuses, before looking at any item, to order values that have no order. */
function checkOperandTypes(
  condition: Condition,
  values: Readonly<Record<string, AttributeValue>>,
  label: string,
): void {
  if (condition.kind === 'and' || condition.kind === 'or') {
    checkOperandTypes(condition.left, values, label);
    checkOperandTypes(condition.right, values, label);
  } else if (condition.kind === 'not') checkOperandTypes(condition.operand, values, label);
  else if (condition.kind === 'compare' && ORDERING.has(condition.op)) {
    for (const operand of [condition.left, condition.right]) {
      const type = operand.kind === 'value' ? Object.keys(values[operand.placeholder] ?? {})[0] : undefined;
      if (type !== undefined && !ORDERED_TYPES.has(type))
        throw validation(
          `Invalid ${label}: Incorrect operand type for operator or function; operator or function: ${condition.op}, operand type: ${type}`,
        );
    }
  }
}

/** @param conditionLabel how errors name the condition: Scan's is its FilterExpression. */
export function prepareExpressions(
  request: ExpressionRequest,
  conditionLabel = 'ConditionExpression',
): PreparedExpressions {
  const names = request.names ?? {};
  const values = request.values ?? {};
  const condition =
    request.condition === undefined ? undefined : parseCondition(request.condition, conditionLabel);
  const projection = request.projection === undefined ? undefined : parseProjection(request.projection);
  const aliases = new Set<string>();
  const placeholders = new Set<string>();
  if (condition) collect(condition, aliases, placeholders);
  for (const path of projection ?? [])
    for (const element of path) if ('alias' in element && element.alias) aliases.add(element.name);

  if (!condition && !projection) {
    if (Object.keys(names).length > 0)
      throw validation('ExpressionAttributeNames can only be specified when using expressions');
    if (Object.keys(values).length > 0)
      throw validation(
        `ExpressionAttributeValues can only be specified when using expressions: ${conditionLabel} is null`,
      );
  }
  const label = condition ? conditionLabel : 'ProjectionExpression';
  checkUsage(label, Object.keys(names), aliases, 'name');
  checkUsage(label, Object.keys(values), placeholders, 'value');
  if (condition) checkOperandTypes(condition, values, conditionLabel);
  return { condition, projection, names, values };
}

/** The attribute name a path element stands for, after alias substitution. */
export function resolveName(
  element: { readonly name: string; readonly alias: boolean },
  names: Readonly<Record<string, string>>,
): string {
  return element.alias ? (names[element.name] ?? element.name) : element.name;
}
