/**
 * The syntax tree of a DynamoDB ConditionExpression, and the tokenizer for it.
 * Only what a lock table needs is supported; everything else is refused with a
 * ValidationException that names the construct, so a test can never pass
 * locally on an expression this emulation does not understand.
 */
import { CloudApiError } from '../cloud-api-error.ts';

export type PathElement = { readonly name: string; readonly alias: boolean } | { readonly index: number };
export type Operand =
  | { readonly kind: 'path'; readonly path: readonly PathElement[] }
  | { readonly kind: 'value'; readonly placeholder: string };
export type Comparator = '=' | '<>' | '<' | '>' | '<=' | '>=';
export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'compare'; readonly op: Comparator; readonly left: Operand; readonly right: Operand }
  | {
      readonly kind: 'function';
      readonly name: 'attribute_exists' | 'attribute_not_exists';
      readonly path: readonly PathElement[];
    };

export type TokenKind = 'name' | 'alias' | 'placeholder' | 'number' | 'symbol';
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly at: number;
}

const TOKEN_PATTERNS: readonly (readonly [TokenKind, RegExp])[] = [
  ['alias', /#[A-Za-z0-9_]+/y],
  ['placeholder', /:[A-Za-z0-9_]+/y],
  ['name', /[A-Za-z_][A-Za-z0-9_]*/y],
  ['number', /[0-9]+/y],
  ['symbol', /<>|<=|>=|[=<>(),.[\]]/y],
];

export function invalidExpression(label: string, detail: string): CloudApiError {
  return new CloudApiError('ValidationException', `Invalid ${label}: ${detail}`);
}

export function syntaxError(label: string, source: string, token: Token | undefined): CloudApiError {
  if (!token) return invalidExpression(label, 'Syntax error; token: "<EOF>", near: "<EOF>"');
  const near = source.slice(Math.max(0, token.at - 8), token.at + token.text.length + 8).trim();
  return invalidExpression(label, `Syntax error; token: "${token.text}", near: "${near}"`);
}

export function tokenize(source: string, label: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    if (/\s/.test(source.charAt(at))) {
      at += 1;
      continue;
    }
    const match = TOKEN_PATTERNS.map(([kind, pattern]) => {
      pattern.lastIndex = at;
      const found = pattern.exec(source);
      return found ? { kind, text: found[0], at } : undefined;
    }).find((token) => token !== undefined);
    if (!match) throw syntaxError(label, source, { kind: 'symbol', text: source.charAt(at), at });
    tokens.push(match);
    at += match.text.length;
  }
  return tokens;
}
