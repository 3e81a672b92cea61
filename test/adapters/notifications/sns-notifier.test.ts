import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_SUBJECT_LENGTH,
  snsNotifier,
  subjectOf,
} from '../../../lambdas/adapters/notifications/sns-notifier.ts';
import { TransientError } from '../../../lambdas/rotation/rotation-errors.ts';
import { sdkError } from '../sdk-errors.ts';
import { rotatedEvent, TOPIC_ARN } from './notification-fixtures.ts';

const snsMock = mockClient(SNSClient);
const notifier = snsNotifier(new SNSClient({ region: 'eu-west-1' }), TOPIC_ARN);

describe('SNS notifier', () => {
  beforeEach(() => snsMock.reset());

  it('publishes the event as JSON to the topic, with a subject and its type as an attribute', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'message-0001' });

    // Act
    await notifier.notify(rotatedEvent);

    // Assess
    expect(snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: TOPIC_ARN,
        Subject: 'Access Key Rotated: aws alice',
        Message: JSON.stringify(rotatedEvent),
        MessageAttributes: { type: { DataType: 'String', StringValue: 'Access Key Rotated' } },
      },
    ]);
  });

  it('keeps the subject under 100 printable ASCII characters, whatever the principal', () => {
    // Prepare
    const event = { ...rotatedEvent, principal: `${'a'.repeat(120)}\n\u00e9` };

    // Act
    const subject = subjectOf(event);

    // Assess
    expect(subject.length).toBe(MAX_SUBJECT_LENGTH);
    expect(MAX_SUBJECT_LENGTH).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subjectOf({ ...event, principal: 'b\u00e9' })).toBe('Access Key Rotated: aws b?');
  });

  it.each([
    ['a refusal', sdkError('AuthorizationErrorException', 'not authorized to publish to arn:...')],
    ['a throttle', sdkError('ThrottledException', 'rate exceeded', { httpStatusCode: 400 })],
  ])('turns %s into a TransientError naming only the error', async (_case, error) => {
    // Prepare
    snsMock.on(PublishCommand).rejects(error);

    // Act
    const outcome = notifier.notify(rotatedEvent);

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(TransientError);
    await expect(outcome).rejects.toThrow(
      `SNS Publish could not send "Access Key Rotated" of rotation ${rotatedEvent.rotationId}: ${error.name}`,
    );
    await expect(outcome).rejects.not.toThrow(error.message);
  });
});
