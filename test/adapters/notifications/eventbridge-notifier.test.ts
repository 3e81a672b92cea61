import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventBridgeNotifier } from '../../../lambdas/adapters/notifications/eventbridge-notifier.ts';
import { TransientError } from '../../../lambdas/rotation/rotation-errors.ts';
import { sdkError } from '../sdk-errors.ts';
import { BUS_NAME, rotatedEvent } from './notification-fixtures.ts';

const eventBridgeMock = mockClient(EventBridgeClient);
const notifier = eventBridgeNotifier(new EventBridgeClient({ region: 'eu-west-1' }), BUS_NAME);

describe('EventBridge notifier', () => {
  beforeEach(() => eventBridgeMock.reset());

  it('puts one entry from access-key-rotator on the bus, typed by the event', async () => {
    // Prepare
    eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });

    // Act
    await notifier.notify(rotatedEvent);

    // Assess
    expect(eventBridgeMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input)).toEqual([
      {
        Entries: [
          {
            Source: 'access-key-rotator',
            DetailType: 'Access Key Rotated',
            Detail: JSON.stringify(rotatedEvent),
            EventBusName: BUS_NAME,
            Time: new Date(rotatedEvent.at),
          },
        ],
      },
    ]);
  });

  it('throws a TransientError naming the refusal when the entry failed in a 200 answer', async () => {
    // Prepare
    eventBridgeMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });

    // Act
    const outcome = notifier.notify(rotatedEvent);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(TransientError);
    await expect(outcome).rejects.toThrow(
      `EventBridge PutEvents to bus ${BUS_NAME} could not send "Access Key Rotated" of rotation ` +
        `${rotatedEvent.rotationId}: ThrottlingException (Rate exceeded)`,
    );
  });

  it('turns an SDK failure into a TransientError naming only the error', async () => {
    // Prepare
    eventBridgeMock
      .on(PutEventsCommand)
      .rejects(sdkError('ResourceNotFoundException', `Event bus ${BUS_NAME} does not exist.`));

    // Act
    const outcome = notifier.notify(rotatedEvent);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(TransientError);
    await expect(outcome).rejects.toThrow(/: ResourceNotFoundException; the step is retried$/);
  });
});
