/**
 * Sends rotation events without letting a notification outage stop, fail or
 * roll back a rotation: Publish sends after AWSCURRENT has moved, and failing
 * there would send a published rotation into a rollback that must refuse.
 * A failure is returned (error name and message, never a payload) for the
 * step to put in its output, so the execution history shows it.
 */
import type { Notifier, RotationEvent } from './rotation-events.ts';

export async function notifyBestEffort(
  notifier: Notifier,
  events: readonly RotationEvent[],
): Promise<string | undefined> {
  const failures: string[] = [];
  for (const event of events) {
    try {
      await notifier.notify(event);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${event.type}: ${name}: ${message}`);
    }
  }
  return failures.length > 0 ? failures.join('; ') : undefined;
}
