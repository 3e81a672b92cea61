/**
 * The notifier a rotation Lambda works with, from the fleet settings: the
 * EventBridge bus always (the account's `default` bus unless configured),
 * and the SNS topic only when one is configured.
 *
 * The clients are created once per module so a warm container reuses their
 * connections (STYLE: no `new XClient()` in a handler body); their endpoints
 * come from the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import type { FleetSettings } from '../../config/fleet-environment.ts';
import type { Notifier } from '../../rotation/rotation-events.ts';
import { boundedRequestHandler } from '../aws/bounded-request-handler.ts';
import { eventBridgeNotifier } from './eventbridge-notifier.ts';
import { snsNotifier } from './sns-notifier.ts';

/**
 * Two attempts, not the SDK's three: Publish sends two events one after the
 * other, and two channels that both hang must still leave Publish time to
 * return its `notificationFailure` within the function timeout (2 events × 2 attempts × 5 s).
 */
const NOTIFICATION_CLIENT = { maxAttempts: 2, requestHandler: boundedRequestHandler() } as const;

export const snsClient = new SNSClient(NOTIFICATION_CLIENT);

export const eventBridgeClient = new EventBridgeClient(NOTIFICATION_CLIENT);

export interface NotificationClients {
  readonly sns: SNSClient;
  readonly eventBridge: EventBridgeClient;
}

/**
 * Sends each event to every channel. Each channel is tried even when another
 * fails, so one outage does not silence the other; the step then fails with
 * the first failure (a TransientError from the adapters) and its retry sends
 * to all again: at least once, never lost.
 */
export function compositeNotifier(channels: readonly Notifier[]): Notifier {
  return {
    async notify(event) {
      const results = await Promise.allSettled(channels.map((channel) => channel.notify(event)));
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
}

export function rotationNotifier(
  settings: Pick<FleetSettings, 'notificationTopicArn' | 'eventBusName'>,
  clients: NotificationClients = { sns: snsClient, eventBridge: eventBridgeClient },
): Notifier {
  const channels = [eventBridgeNotifier(clients.eventBridge, settings.eventBusName)];
  if (settings.notificationTopicArn !== undefined)
    channels.push(snsNotifier(clients.sns, settings.notificationTopicArn));
  return compositeNotifier(channels);
}
