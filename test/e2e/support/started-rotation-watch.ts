/**
 * Watches the rotations a session's functions start (openLocalRotator's
 * `startedRotations`): a promise for the moment one reaches a state, and an
 * interrupt that stops them all where they are, so a test can look at the
 * world during a long Wait (the deletion delay) and then end the run.
 */
import type { HistoryEvent } from '../../../evidence/model/execution-history.ts';
import type { LocalRotator, LocalRotatorOptions } from '../../../local/local-rotation.ts';

export interface StartedRotationWatch {
  readonly options: NonNullable<LocalRotatorOptions['startedRotations']>;
  /** Resolves when the execution `name` enters `stateName` (its handler not yet run). */
  entered(name: string, stateName: string): Promise<void>;
  interruptAll(): void;
}

/**
 * Resolves when the started execution `name` enters `stateName`; fails at once, with its
 * status and cause, if it ends first (so a refused rotation is not a test timeout).
 */
export async function reached(
  rotator: LocalRotator,
  watch: StartedRotationWatch,
  name: string,
  stateName: string,
): Promise<void> {
  const run = rotator.startedRotations.get(name);
  if (!run) throw new Error(`no execution ${name} was started`);
  const ended = run.then(({ execution }) => {
    throw new Error(`${name} ended ${execution.status} before ${stateName}: ${execution.cause ?? ''}`);
  });
  await Promise.race([watch.entered(name, stateName), ended]);
}

/** The message of a Lambda error as Step Functions keeps it in a cause (`{"errorType","errorMessage"}`). */
export function causeMessage(cause: string | undefined): string {
  try {
    return String((JSON.parse(cause ?? '') as { errorMessage?: unknown }).errorMessage ?? cause);
  } catch {
    return cause ?? '';
  }
}

export function watchStartedRotations(): StartedRotationWatch {
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  const controller = new AbortController();
  const key = (name: string, stateName: string) => `${name}\u0000${stateName}`;
  const onEvent = (name: string, event: HistoryEvent) => {
    if (event.type !== 'StateEntered' || event.stateName === undefined) return;
    const entered = key(name, event.stateName);
    seen.add(entered);
    waiters.get(entered)?.();
  };
  return {
    options: { onEvent, interrupt: controller.signal },
    entered: (name, stateName) =>
      seen.has(key(name, stateName))
        ? Promise.resolve()
        : new Promise((resolve) => waiters.set(key(name, stateName), resolve)),
    interruptAll: () => controller.abort('the test has seen what it needs'),
  };
}
