/**
 * Counts the scenarios of a matrix run and how they ended, for the one-line
 * summary each matrix prints (`fault matrix (aws): 120 scenarios, 120 held …`).
 */
import type { Outcome } from './scenario-invariants.ts';

export class MatrixTally {
  readonly #label: string;
  readonly #outcomes = new Map<Outcome, number>();
  readonly failed: string[] = [];
  /** The scenarios that did not succeed, with the error they ended with. */
  readonly unsuccessful: string[] = [];
  #scenarios = 0;

  constructor(label: string) {
    this.#label = label;
  }

  record(id: string, outcome: Outcome, problems: readonly string[], error?: string): void {
    this.#scenarios += 1;
    if (outcome !== 'SUCCEEDED') this.unsuccessful.push(`${id} → ${outcome} (${error})`);
    this.#outcomes.set(outcome, (this.#outcomes.get(outcome) ?? 0) + 1);
    if (problems.length > 0) this.failed.push(`${id}: ${problems.join('; ')}`);
  }

  get scenarios(): number {
    return this.#scenarios;
  }

  summary(): string {
    const held = this.#scenarios - this.failed.length;
    const outcomes = [...this.#outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(', ');
    return `${this.#label}: ${this.#scenarios} scenarios, ${held} held (${outcomes})`;
  }
}
