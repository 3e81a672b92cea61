import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  compositeNotifier,
  rotationNotifier,
} from '../../../lambdas/adapters/notifications/rotation-notifier.ts';
import { TransientError } from '../../../lambdas/rotation/rotation-errors.ts';
import type { Notifier, RotationEvent } from '../../../lambdas/rotation/rotation-events.ts';
import { sdkError } from '../sdk-errors.ts';
import { BUS_NAME, rotatedEvent, TOPIC_ARN } from './notification-fixtures.ts';

const snsMock = mockClient(SNSClient);
const eventBridgeMock = mockClient(EventBridgeClient);
const clients = { sns: new SNSClient({}), eventBridge: new EventBridgeClient({}) };

function recording(sent: RotationEvent[]): Notifier {
  return { notify: async (event) => void sent.push(event) };
}

describe('rotation notifier', () => {
  beforeEach(() => {
    snsMock.reset();
    eventBridgeMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  });

  it('sends each event to the bus and to the topic when one is configured', async () => {
    // Prepare
    const notifier = rotationNotifier({ notificationTopicArn: TOPIC_ARN, eventBusName: BUS_NAME }, clients);

    // Act
    await notifier.notify(rotatedEvent);

    // Assess
    expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.TopicArn).toBe(TOPIC_ARN);
    expect(eventBridgeMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.EventBusName).toBe(
      BUS_NAME,
    );
  });

  it('sends nothing to SNS when no topic is configured', async () => {
    // Prepare
    const notifier = rotationNotifier({ notificationTopicArn: undefined, eventBusName: 'default' }, clients);

    // Act
    await notifier.notify(rotatedEvent);

    // Assess
    expect(snsMock.commandCalls(PublishCommand)).toEqual([]);
    expect(eventBridgeMock.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('still tries the topic when the bus fails, then fails the step for its retry', async () => {
    // Prepare
    eventBridgeMock.on(PutEventsCommand).rejects(sdkError('AccessDeniedException', 'denied'));
    const notifier = rotationNotifier({ notificationTopicArn: TOPIC_ARN, eventBusName: BUS_NAME }, clients);

    // Act
    const outcome = notifier.notify(rotatedEvent);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(TransientError);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('composes any channels, rethrowing the first failure after trying them all', async () => {
    // Prepare
    const sent: RotationEvent[] = [];
    const broken: Notifier = {
      notify: async () => {
        throw new TransientError('channel down');
      },
    };
    const notifier = compositeNotifier([broken, recording(sent)]);

    // Act
    const outcome = notifier.notify(rotatedEvent);

    // Assess
    await expect(outcome).rejects.toThrow('channel down');
    expect(sent).toEqual([rotatedEvent]);
  });
});
