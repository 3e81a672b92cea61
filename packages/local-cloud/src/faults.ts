/**
 * Fault injection: make the next call(s) to one service action misbehave, to
 * drive retry, rollback and reconciliation paths through the real clients.
 *
 * - `error` (the default kind): answer with the given error instead of acting.
 *   Throttling (`Throttling` 400, `ThrottlingException`, 429) and server
 *   failures (`ServiceFailure` 500, …) are both this kind.
 * - `reset`: drop the connection without an answer and without acting.
 * - `latency`: wait `delayMs`, then serve normally.
 * - `lostResponse`: act, then drop the connection: the caller sees a failure
 *   although the side effect happened (a crash after the side effect).
 * - `hang`: accept the request and never answer, without acting; the
 *   connection stays open until the caller gives up (its timeout) or the
 *   cloud closes. Only a client-side timeout ends such a call.
 *
 * On the Yandex side an error is rendered as google.rpc.Status, with `code`
 * the gRPC number as a string (e.g. '14'); a `yandex-operation` rule naming
 * UpdateAccessKey or DeleteAccessKey says how that call's Operation finishes,
 * so it can only be of kind `error`.
 */
import { CloudApiError } from './cloud-api-error.ts';
import type { ServiceName } from './cloud-constants.ts';
import type { WireResponse } from './http/wire-response.ts';

export type FaultKind = 'error' | 'reset' | 'latency' | 'lostResponse' | 'hang';

export interface FaultError {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

/** What a firing rule does to one call. */
export type FaultEffect =
  | { readonly kind: 'error'; readonly error: FaultError }
  | { readonly kind: 'reset' }
  | { readonly kind: 'latency'; readonly delayMs: number }
  | { readonly kind: 'lostResponse' }
  | { readonly kind: 'hang' };

interface FaultTarget {
  readonly service: ServiceName;
  readonly action: string;
  /**
   * Only calls acting in this account (the signer's: a member account's user
   * or role session, or the home account). @default - calls in any account
   */
  readonly account?: string;
  /** How many matching calls it applies to. @default 1 */
  readonly times?: number;
  /** How many matching calls to let through first, to reach a later one (the 2nd: `skip: 1`). @default 0 */
  readonly skip?: number;
}

export type FaultRule = FaultTarget &
  (
    | { readonly kind?: 'error'; readonly error: FaultError }
    | { readonly kind: 'reset' }
    | { readonly kind: 'latency'; readonly delayMs: number }
    | { readonly kind: 'lostResponse' }
    | { readonly kind: 'hang' }
  );

/** Calls whose `yandex-operation` rule decides how their Operation finishes. */
const OPERATION_OUTCOMES = new Set(['UpdateAccessKey', 'DeleteAccessKey']);

function effectOf(rule: FaultRule): FaultEffect {
  switch (rule.kind) {
    case 'reset':
    case 'lostResponse':
    case 'hang':
      return { kind: rule.kind };
    case 'latency':
      if (!Number.isFinite(rule.delayMs) || rule.delayMs < 0)
        throw new Error('FaultRule.delayMs must be a non-negative number of milliseconds');
      return { kind: 'latency', delayMs: rule.delayMs };
    default:
      if (!rule.error) throw new Error('an error FaultRule needs `error`');
      return { kind: 'error', error: rule.error };
  }
}

export class FaultInjector {
  #armed: {
    service: ServiceName;
    action: string;
    account?: string;
    effect: FaultEffect;
    remaining: number;
    skip: number;
  }[] = [];

  add(rule: FaultRule): void {
    const remaining = rule.times ?? 1;
    const skip = rule.skip ?? 0;
    if (!Number.isInteger(remaining) || remaining < 1)
      throw new Error('FaultRule.times must be a positive integer');
    if (!Number.isInteger(skip) || skip < 0) throw new Error('FaultRule.skip must be a non-negative integer');
    if (rule.account !== undefined && !/^\d{12}$/.test(rule.account))
      throw new Error('FaultRule.account must be an AWS account id of 12 digits');
    const effect = effectOf(rule);
    if (rule.service === 'yandex-operation' && OPERATION_OUTCOMES.has(rule.action) && effect.kind !== 'error')
      throw new Error(
        `a yandex-operation rule for ${rule.action} sets the operation's error: kind must be error`,
      );
    this.#armed.push({
      service: rule.service,
      action: rule.action,
      ...(rule.account !== undefined && { account: rule.account }),
      effect,
      remaining,
      skip,
    });
  }

  clear(): void {
    this.#armed = [];
  }

  /**
   * Consumes one firing of the first matching rule and returns its effect, if
   * any rule matches (a rule still letting calls through consumes one of those).
   * @param account the account the call acts in; undefined (Yandex) matches only rules for any account.
   */
  take(service: ServiceName, action: string, account?: string): FaultEffect | undefined {
    const armed = this.#armed.find(
      (entry) =>
        entry.service === service &&
        entry.action === action &&
        (entry.account === undefined || entry.account === account),
    );
    if (!armed) return undefined;
    if (armed.skip > 0) {
      armed.skip -= 1;
      return undefined;
    }
    armed.remaining -= 1;
    if (armed.remaining === 0) this.#armed = this.#armed.filter((entry) => entry !== armed);
    return armed.effect;
  }
}

/** A response that is never sent: the server destroys the connection instead. */
export function droppedResponse(response?: WireResponse): WireResponse {
  return { ...(response ?? { status: 0, headers: {}, body: '' }), dropConnection: true };
}

/**
 * Serves one call under `effect`. `serve` acts and renders (it never throws);
 * `renderError` renders an injected error in the protocol's envelope.
 */
export async function serveUnderFault(
  effect: FaultEffect | undefined,
  serve: () => Promise<WireResponse>,
  renderError: (error: CloudApiError) => WireResponse,
): Promise<WireResponse> {
  switch (effect?.kind) {
    case undefined:
      return serve();
    case 'error':
      return renderError(new CloudApiError(effect.error.code, effect.error.message, effect.error.status));
    case 'reset':
      return droppedResponse();
    case 'latency':
      await new Promise((resolve) => setTimeout(resolve, effect.delayMs));
      return serve();
    case 'lostResponse':
      return droppedResponse(await serve());
    case 'hang':
      return { status: 0, headers: {}, body: '', neverAnswer: true };
  }
}
