/**
 * Recursive-descent parser for ConditionExpression (precedence NOT > AND > OR,
 * parentheses) over comparisons and attribute_exists / attribute_not_exists.
 */
import {
  type Comparator,
  type Condition,
  invalidExpression,
  type Operand,
  type PathElement,
  syntaxError,
  type Token,
  tokenize,
} from './condition-syntax.ts';
import { isReservedWord } from './reserved-words.ts';

const COMPARATORS = new Set(['=', '<>', '<', '>', '<=', '>=']);
const UNSUPPORTED_FUNCTIONS = new Set(['begins_with', 'contains', 'size', 'attribute_type']);
const UNSUPPORTED_KEYWORDS = new Set(['BETWEEN', 'IN']);

class Parser {
  readonly #tokens: Token[];
  readonly #source: string;
  readonly #label: string;
  #next = 0;

  constructor(source: string, label: string) {
    this.#source = source;
    this.#label = label;
    this.#tokens = tokenize(source, label);
  }

  parseWhole(): Condition {
    const condition = this.#or();
    if (this.#peek()) throw this.#syntax();
    return condition;
  }

  /** A comma-separated list of document paths (ProjectionExpression). */
  parsePathList(): PathElement[][] {
    const paths = [this.#path()];
    while (this.#take(',')) paths.push(this.#path());
    if (this.#peek()) throw this.#syntax();
    return paths;
  }

  #or(): Condition {
    let left = this.#and();
    while (this.#takeKeyword('OR')) left = { kind: 'or', left, right: this.#and() };
    return left;
  }

  #and(): Condition {
    let left = this.#not();
    while (this.#takeKeyword('AND')) left = { kind: 'and', left, right: this.#not() };
    return left;
  }

  #not(): Condition {
    if (this.#takeKeyword('NOT')) return { kind: 'not', operand: this.#not() };
    return this.#primary();
  }

  #primary(): Condition {
    if (this.#take('(')) {
      const inner = this.#or();
      this.#expect(')');
      return inner;
    }
    const token = this.#peek();
    if (token?.kind === 'name' && this.#tokens[this.#next + 1]?.text === '(')
      return this.#function(token.text);
    const left = this.#operand();
    const op = this.#peek();
    if (op && UNSUPPORTED_KEYWORDS.has(op.text.toUpperCase())) throw this.#unsupported(op.text.toUpperCase());
    if (!op || !COMPARATORS.has(op.text)) throw this.#syntax();
    this.#next += 1;
    return { kind: 'compare', op: op.text as Comparator, left, right: this.#operand() };
  }

  #function(name: string): Condition {
    if (UNSUPPORTED_FUNCTIONS.has(name)) throw this.#unsupported(name);
    if (name !== 'attribute_exists' && name !== 'attribute_not_exists')
      throw invalidExpression(this.#label, `Invalid function name; function: ${name}`);
    this.#next += 1;
    this.#expect('(');
    const path = this.#path();
    this.#expect(')');
    return { kind: 'function', name, path };
  }

  #operand(): Operand {
    const token = this.#peek();
    if (token?.kind === 'placeholder') {
      this.#next += 1;
      return { kind: 'value', placeholder: token.text };
    }
    if (token?.kind === 'name' && this.#tokens[this.#next + 1]?.text === '(')
      throw this.#unsupported(token.text);
    return { kind: 'path', path: this.#path() };
  }

  #path(): PathElement[] {
    const path = [this.#pathName()];
    for (;;) {
      if (this.#take('.')) path.push(this.#pathName());
      else if (this.#take('[')) {
        const index = this.#peek();
        if (index?.kind !== 'number') throw this.#syntax();
        this.#next += 1;
        this.#expect(']');
        path.push({ index: Number(index.text) });
      } else return path;
    }
  }

  #pathName(): PathElement {
    const token = this.#peek();
    if (token?.kind === 'alias') {
      this.#next += 1;
      return { name: token.text, alias: true };
    }
    if (token?.kind !== 'name') throw this.#syntax();
    if (isReservedWord(token.text))
      throw invalidExpression(
        this.#label,
        `Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
      );
    this.#next += 1;
    return { name: token.text, alias: false };
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#next];
  }

  #take(symbol: string): boolean {
    if (this.#peek()?.text !== symbol) return false;
    this.#next += 1;
    return true;
  }

  #takeKeyword(keyword: string): boolean {
    const token = this.#peek();
    if (token?.kind !== 'name' || token.text.toUpperCase() !== keyword) return false;
    this.#next += 1;
    return true;
  }

  #expect(symbol: string): void {
    if (!this.#take(symbol)) throw this.#syntax();
  }

  #syntax() {
    return syntaxError(this.#label, this.#source, this.#peek());
  }

  #unsupported(construct: string) {
    return invalidExpression(this.#label, `${construct} is not supported by the local cloud`);
  }
}

export function parseCondition(source: string, label = 'ConditionExpression'): Condition {
  return new Parser(source, label).parseWhole();
}

export function parseProjection(source: string): PathElement[][] {
  return new Parser(source, 'ProjectionExpression').parsePathList();
}
