/**
 * Notifier on an SNS topic, for people: e-mail and chat subscriptions read
 * the Subject, and filter policies match the `type` message attribute.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier, RotationEvent } from '../../rotation/rotation-events.ts';
import { sendOrRetry } from './notification-failure.ts';

/** SNS wants a Subject under 100 characters, printable ASCII with no line breaks. */
export const MAX_SUBJECT_LENGTH = 99;

export function subjectOf(event: RotationEvent): string {
  const subject = `${event.type}: ${event.provider} ${event.principal}`;
  return subject.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_SUBJECT_LENGTH);
}

export function snsNotifier(client: SNSClient, topicArn: string): Notifier {
  return {
    async notify(event) {
      await sendOrRetry('SNS Publish', event, () =>
        client.send(
          new PublishCommand({
            TopicArn: topicArn,
            Subject: subjectOf(event),
            Message: JSON.stringify(event),
            MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
          }),
        ),
      );
    },
  };
}
