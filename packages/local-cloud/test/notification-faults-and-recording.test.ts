import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { AddUserToGroupCommand, CreateGroupCommand, GetGroupCommand } from '@aws-sdk/client-iam';
import { CreateTopicCommand, ListTopicsCommand, PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:rotation-events';
const ENTRY = { Source: 'access-key-rotator', DetailType: 'Access Key Rotated', Detail: '{}' };

describe('SNS, EventBridge and IAM group calls: faults and the request log', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    t.cloud.sns.createTopic({ name: 'rotation-events' });
  });
  afterEach(() => t.close());

  it('fails an SNS Publish with the injected error, storing nothing, then serves normally', async () => {
    t.cloud.injectFault({
      service: 'sns',
      action: 'Publish',
      error: { code: 'InternalError', message: 'injected', status: 500 },
    });

    const failed = await rejectionOf(t.sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'a' })));
    const stored = t.cloud.sns.messages().length;
    await t.sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'b' }));

    expect(failed).toMatchObject({ name: 'InternalErrorException', status: 500, message: 'injected' });
    expect(stored).toBe(0);
    expect(t.cloud.sns.messages().map((message) => message.message)).toEqual(['b']);
  });

  it('fails an EventBridge PutEvents with the injected error, storing nothing', async () => {
    t.cloud.injectFault({
      service: 'events',
      action: 'PutEvents',
      times: 2,
      error: { code: 'InternalException', message: 'down', status: 500 },
    });

    const first = await rejectionOf(t.events.send(new PutEventsCommand({ Entries: [ENTRY] })));
    const second = await rejectionOf(t.events.send(new PutEventsCommand({ Entries: [ENTRY] })));
    const third = await t.events.send(new PutEventsCommand({ Entries: [ENTRY] }));

    expect([first.name, second.name, first.status]).toEqual(['InternalException', 'InternalException', 500]);
    expect(third.FailedEntryCount).toBe(0);
    expect(t.cloud.events.list()).toHaveLength(1);
  });

  it('fails an IAM group call with the injected error', async () => {
    t.cloud.iam.createUser({ userName: 'alice' });
    t.cloud.iam.groups.create({ groupName: 'rotators' });
    t.cloud.injectFault({
      service: 'iam',
      action: 'AddUserToGroup',
      error: { code: 'Throttling', message: 'slow down', status: 400 },
    });

    const failed = await rejectionOf(
      t.iam.send(new AddUserToGroupCommand({ GroupName: 'rotators', UserName: 'alice' })),
    );

    expect(failed).toMatchObject({ name: 'Throttling', status: 400 });
    expect(t.cloud.iam.groups.get('rotators').members).toEqual([]);
  });

  it('records each call with its service, action and mutating flag', async () => {
    await t.sns.send(new CreateTopicCommand({ Name: 'other' }));
    await t.sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'x' }));
    await t.sns.send(new ListTopicsCommand({}));
    await rejectionOf(
      t.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope', Message: 'x' })),
    );
    await t.events.send(new PutEventsCommand({ Entries: [ENTRY] }));
    t.cloud.iam.createUser({ userName: 'alice' });
    await t.iam.send(new CreateGroupCommand({ GroupName: 'rotators' }));
    await t.iam.send(new AddUserToGroupCommand({ GroupName: 'rotators', UserName: 'alice' }));
    await t.iam.send(new GetGroupCommand({ GroupName: 'rotators' }));

    expect(
      t.cloud.requests.map(({ service, action, mutating, status }) => [service, action, mutating, status]),
    ).toEqual([
      ['sns', 'CreateTopic', true, 200],
      ['sns', 'Publish', true, 200],
      ['sns', 'ListTopics', false, 200],
      ['sns', 'Publish', true, 404],
      ['events', 'PutEvents', true, 200],
      ['iam', 'CreateGroup', true, 200],
      ['iam', 'AddUserToGroup', true, 200],
      ['iam', 'GetGroup', false, 200],
    ]);
    expect(t.cloud.requests.every((request) => request.accessKeyId === 'test')).toBe(true);
  });
});
