/**
 * A clock the test moves by hand, so grace periods, lock expiry and
 * "used after publish" are decided by the test, not by the wall clock.
 */
import type { Clock } from '../../../lambdas/rotation/ports.ts';

export const START = '2030-01-01T00:00:00.000Z';

export class SettableClock implements Clock {
  private current: number;

  constructor(iso = START) {
    this.current = Date.parse(iso);
  }

  now(): Date {
    return new Date(this.current);
  }

  iso(): string {
    return this.now().toISOString();
  }

  set(iso: string): void {
    this.current = Date.parse(iso);
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }
}
