/**
 * Crash after the side effect at the wire, at every change a reference run
 * made, not only the first call of each kind: the k-th occurrence of a
 * mutating call loses its answer (`skip: k - 1` lets the earlier ones
 * through). The fault-free reference run fixes the order, so a scenario
 * replays the same calls up to its fault.
 */
import type { FaultRule, RecordedRequest } from '@access-key-rotator/local-cloud';
import type { FaultScenario } from './fault-catalog.ts';

export interface LostAnswerOptions {
  /** The first request index to break (e.g. the first call after a refusal). @default 0 */
  readonly from?: number;
  /** Occurrences to leave out, as `service:action#k` (already covered elsewhere). */
  readonly except?: ReadonlySet<string>;
  /** Rules armed before the lost answer: the refusal that leads to the path under test. */
  readonly before?: readonly FaultRule[];
  readonly expected: FaultScenario['expected'];
}

export function lostAnswerScenarios(
  requests: readonly RecordedRequest[],
  options: LostAnswerOptions,
): FaultScenario[] {
  const seen = new Map<string, number>();
  const scenarios: FaultScenario[] = [];
  requests.forEach(({ service, action, mutating }, index) => {
    const call = `${service}:${action}`;
    const occurrence = (seen.get(call) ?? 0) + 1;
    seen.set(call, occurrence);
    const id = `${call}#${occurrence}`;
    if (!mutating || index < (options.from ?? 0) || options.except?.has(id)) return;
    scenarios.push({
      id: `${id} lostResponse`,
      rules: [...(options.before ?? []), { service, action, kind: 'lostResponse', skip: occurrence - 1 }],
      expected: options.expected,
    });
  });
  return scenarios;
}
