import { GetAccessKeyLastUsedCommand } from '@aws-sdk/client-iam';
import {
  CreateTopicCommand,
  ListTopicsCommand,
  PublishCommand,
  paginateListTopics,
  SNSClient,
} from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig, rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:rotation-events';

describe('local SNS', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
  });
  afterEach(() => t.close());

  it('creates a topic idempotently, answering its regional ARN', async () => {
    const created = await t.sns.send(
      new CreateTopicCommand({
        Name: 'rotation-events',
        Attributes: { DisplayName: 'Rotations' },
        Tags: [{ Key: 'team', Value: 'infra' }],
      }),
    );
    const again = await t.sns.send(new CreateTopicCommand({ Name: 'rotation-events' }));
    const conflicting = await rejectionOf(
      t.sns.send(new CreateTopicCommand({ Name: 'rotation-events', Attributes: { DisplayName: 'Other' } })),
    );
    const badName = await rejectionOf(t.sns.send(new CreateTopicCommand({ Name: 'no spaces' })));

    expect(created.TopicArn).toBe(TOPIC_ARN);
    expect(again.TopicArn).toBe(TOPIC_ARN);
    expect(t.cloud.sns.findTopic(TOPIC_ARN)).toMatchObject({
      name: 'rotation-events',
      attributes: { DisplayName: 'Rotations' },
      tags: { team: 'infra' },
    });
    expect(conflicting).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(badName).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Topic Name',
    });
  });

  it('stores a published message with its subject and attributes, readable per topic', async () => {
    t.cloud.sns.createTopic({ name: 'rotation-events' });
    t.cloud.sns.createTopic({ name: 'other' });
    const message = JSON.stringify({ type: 'Access Key Rotated', principal: 'alice' });

    const published = await t.sns.send(
      new PublishCommand({
        TopicArn: TOPIC_ARN,
        Message: message,
        Subject: 'Access Key Rotated',
        MessageAttributes: {
          type: { DataType: 'String', StringValue: 'Access Key Rotated' },
          deferrals: { DataType: 'Number', StringValue: '2' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 255]) },
        },
      }),
    );
    await t.sns.send(
      new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:other', Message: 'x' }),
    );

    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = t.cloud.sns.messages(TOPIC_ARN);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      messageId: published.MessageId,
      topicArn: TOPIC_ARN,
      message,
      subject: 'Access Key Rotated',
      messageAttributes: {
        type: { dataType: 'String', stringValue: 'Access Key Rotated' },
        deferrals: { dataType: 'Number', stringValue: '2' },
        blob: { dataType: 'Binary', binaryValue: Buffer.from([1, 2, 255]).toString('base64') },
      },
    });
    expect(Date.parse(stored[0]?.publishedAt ?? '')).not.toBeNaN();
    expect(t.cloud.sns.messages().map((m) => m.message)).toEqual([message, 'x']);
  });

  it('answers NotFound (404) for an unknown topic and stores nothing', async () => {
    const unknown = await rejectionOf(
      t.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope', Message: 'x' })),
    );
    const otherRegion = await rejectionOf(
      t.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:000000000000:nope', Message: 'x' })),
    );

    expect(unknown).toMatchObject({
      name: 'NotFoundException',
      status: 404,
      message: 'Topic does not exist',
    });
    expect(otherRegion.name).toBe('NotFoundException');
    expect(t.cloud.sns.messages()).toEqual([]);
  });

  it('refuses bad messages like SNS', async () => {
    t.cloud.sns.createTopic({ name: 'rotation-events' });
    const publish = (input: Omit<ConstructorParameters<typeof PublishCommand>[0], 'TopicArn'>) =>
      rejectionOf(t.sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, ...input })));

    const empty = await publish({ Message: '' });
    const longSubject = await publish({ Message: 'x', Subject: 's'.repeat(100) });
    const badType = await publish({
      Message: 'x',
      MessageAttributes: { a: { DataType: 'Float', StringValue: '1' } },
    });
    const noDefault = await publish({ Message: '{"email":"x"}', MessageStructure: 'json' });
    const badArn = await rejectionOf(
      t.sns.send(new PublishCommand({ TopicArn: 'rotation-events', Message: 'x' })),
    );

    expect(empty).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Empty message',
    });
    expect(longSubject).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Subject',
    });
    expect(badType).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(noDefault.name).toBe('InvalidParameterException');
    expect(badArn).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: TopicArn',
    });
    expect(t.cloud.sns.messages()).toEqual([]);
  });

  it('pages ListTopics 100 at a time with NextToken', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `topic-${String(i).padStart(3, '0')}`);
    t.cloud.batch(() => {
      for (const name of names) t.cloud.sns.createTopic({ name });
    });

    const first = await t.sns.send(new ListTopicsCommand({}));
    const arns: string[] = [];
    for await (const page of paginateListTopics({ client: t.sns }, {}))
      arns.push(...(page.Topics ?? []).map((topic) => topic.TopicArn ?? ''));
    const badToken = await rejectionOf(t.sns.send(new ListTopicsCommand({ NextToken: 'garbage!' })));

    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeTruthy();
    expect(arns).toEqual(names.map((name) => `arn:aws:sns:us-east-1:000000000000:${name}`));
    expect(badToken.name).toBe('InvalidParameterException');
  });

  it('authenticates issued keys like IAM does, and records their last use for sns', async () => {
    t.cloud.sns.createTopic({ name: 'rotation-events' });
    t.cloud.iam.createUser({ userName: 'alice' });
    const key = t.cloud.iam.createAccessKey('alice');
    const asAlice = new SNSClient(clientConfig(t.cloud, key));
    const forged = new SNSClient(clientConfig(t.cloud, { ...key, secretAccessKey: 'wrong' }));
    const unknown = new SNSClient(
      clientConfig(t.cloud, { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x' }),
    );

    await asAlice.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'signed' }));
    const badSignature = await rejectionOf(
      forged.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'x' })),
    );
    const badKey = await rejectionOf(unknown.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: 'x' })));
    const lastUsed = await t.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }));
    for (const client of [asAlice, forged, unknown]) client.destroy();

    expect(t.cloud.sns.messages().map((m) => m.message)).toEqual(['signed']);
    expect(badSignature).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(badKey).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(lastUsed.AccessKeyLastUsed).toMatchObject({ ServiceName: 'sns', Region: 'us-east-1' });
  });
});
