/**
 * Notifier on an EventBridge bus, for machines: rules match `source`
 * `access-key-rotator` and the `detail-type`, and read ids from `detail`.
 *
 * PutEvents answers 200 even when it refused the entry; the refusal is only
 * in FailedEntryCount and the entry's ErrorCode, so both are checked here.
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type Notifier } from '../../rotation/rotation-events.ts';
import { notificationFailure, sendOrRetry } from './notification-failure.ts';

const CHANNEL = 'EventBridge PutEvents';

export function eventBridgeNotifier(client: EventBridgeClient, eventBusName: string): Notifier {
  return {
    async notify(event) {
      const result = await sendOrRetry(CHANNEL, event, () =>
        client.send(
          new PutEventsCommand({
            Entries: [
              {
                Source: EVENT_SOURCE,
                DetailType: event.type,
                Detail: JSON.stringify(event),
                EventBusName: eventBusName,
                Time: new Date(event.at),
              },
            ],
          }),
        ),
      );
      if ((result.FailedEntryCount ?? 0) === 0) return;
      const failed = result.Entries?.find((entry) => entry.ErrorCode !== undefined);
      const reason = failed
        ? `${failed.ErrorCode}${failed.ErrorMessage ? ` (${failed.ErrorMessage.slice(0, 200)})` : ''}`
        : 'the entry was refused';
      throw notificationFailure(`${CHANNEL} to bus ${eventBusName}`, event, reason);
    },
  };
}
