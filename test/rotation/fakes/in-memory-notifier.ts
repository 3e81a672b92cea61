/**
 * A fake of the SNS and EventBridge notifier: it keeps every event sent, in
 * order. Sends are logged as calls that change nothing in the cloud, so a
 * step re-run after success still shows no mutations, yet `failNext` can make
 * a send fail to replay an outage.
 */
import type {
  Notifier,
  RotationEvent,
  RotationEventType,
} from '../../../lambdas/rotation/rotation-events.ts';
import type { CallLog } from './call-log.ts';

export class InMemoryNotifier implements Notifier {
  readonly events: RotationEvent[] = [];
  private readonly log: CallLog;

  constructor(log: CallLog) {
    this.log = log;
  }

  /** The types sent so far, in order: easy to compare in one assertion. */
  types(): RotationEventType[] {
    return this.events.map((event) => event.type);
  }

  ofType(type: RotationEventType): RotationEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  clear(): void {
    this.events.length = 0;
  }

  notify(event: RotationEvent): Promise<void> {
    return this.log.run('notifier.notify', false, [event], () => {
      this.events.push(event);
    });
  }
}
