/**
 * Fault injection: make the next call(s) to one service action fail with a
 * chosen error, to drive retry and rollback paths through the real clients.
 * On the Yandex side the error is rendered as google.rpc.Status, with `code`
 * the gRPC number as a string (e.g. '14'); a `yandex-operation` rule names
 * UpdateAccessKey or DeleteAccessKey and makes that call's Operation finish
 * with the error instead of failing the call itself.
 */
import { CloudApiError } from './cloud-api-error.ts';
import type { ServiceName } from './cloud-constants.ts';

export interface FaultRule {
  readonly service: ServiceName;
  readonly action: string;
  /** How many matching calls fail. @default 1 */
  readonly times?: number;
  readonly error: { readonly code: string; readonly message: string; readonly status: number };
}

export class FaultInjector {
  #armed: { rule: FaultRule; remaining: number }[] = [];

  add(rule: FaultRule): void {
    const remaining = rule.times ?? 1;
    if (!Number.isInteger(remaining) || remaining < 1)
      throw new Error('FaultRule.times must be a positive integer');
    this.#armed.push({ rule, remaining });
  }

  clear(): void {
    this.#armed = [];
  }

  /** Consumes one firing of the first matching rule and returns its error, if any rule matches. */
  take(service: ServiceName, action: string): FaultRule['error'] | undefined {
    const armed = this.#armed.find(({ rule }) => rule.service === service && rule.action === action);
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.#armed = this.#armed.filter((entry) => entry !== armed);
    return armed.rule.error;
  }

  /** Consumes one firing of the first matching rule. @throws CloudApiError when a rule matches. */
  trip(service: ServiceName, action: string): void {
    const error = this.take(service, action);
    if (error) throw new CloudApiError(error.code, error.message, error.status);
  }
}
