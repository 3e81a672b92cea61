import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig, rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const detail = (principal: string) => JSON.stringify({ provider: 'aws', principal, newKeyId: 'AKIA…' });

describe('local EventBridge PutEvents', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
  });
  afterEach(() => t.close());

  it('stores accepted events in order, on the default bus unless named', async () => {
    const time = new Date('2026-01-02T03:04:05Z');
    const put = await t.events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'access-key-rotator',
            DetailType: 'Access Key Rotated',
            Detail: detail('alice'),
            Time: time,
          },
          {
            Source: 'access-key-rotator',
            DetailType: 'Access Key Rotation Failed',
            Detail: detail('bob'),
            EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/rotations',
            Resources: ['arn:aws:iam::000000000000:user/bob'],
          },
        ],
      }),
    );

    expect(put.FailedEntryCount).toBe(0);
    expect(put.Entries?.map((entry) => entry.EventId)).toEqual([
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    ]);
    const stored = t.cloud.events.list();
    expect(stored.map((event) => event.eventId)).toEqual(put.Entries?.map((entry) => entry.EventId));
    expect(stored[0]).toMatchObject({
      eventBusName: 'default',
      source: 'access-key-rotator',
      detailType: 'Access Key Rotated',
      detail: detail('alice'),
      time: '2026-01-02T03:04:05.000Z',
      resources: [],
      region: 'us-east-1',
    });
    expect(stored[1]).toMatchObject({
      eventBusName: 'rotations',
      resources: ['arn:aws:iam::000000000000:user/bob'],
    });
    expect(t.cloud.events.list({ eventBusName: 'rotations' }).map((e) => e.detailType)).toEqual([
      'Access Key Rotation Failed',
    ]);
    expect(
      t.cloud.events.list({ detailType: 'Access Key Rotated', source: 'access-key-rotator' }),
    ).toHaveLength(1);
  });

  it('fails a malformed entry alone, counting it in FailedEntryCount', async () => {
    const put = await t.events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'access-key-rotator', DetailType: 'ok', Detail: detail('alice') },
          { Source: 'access-key-rotator', DetailType: 'bad', Detail: '{not json' },
          { Source: 'access-key-rotator', DetailType: 'array', Detail: '[1,2]' },
          { DetailType: 'no source', Detail: '{}' },
        ],
      }),
    );

    expect(put.FailedEntryCount).toBe(3);
    expect(put.Entries?.[0]?.EventId).toBeTruthy();
    expect(put.Entries?.slice(1)).toEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
    ]);
    expect(t.cloud.events.list().map((event) => event.detailType)).toEqual(['ok']);
  });

  it('refuses a request with no entries or more than 10, storing nothing', async () => {
    const entry = { Source: 's', DetailType: 'd', Detail: '{}' };
    const none = await rejectionOf(t.events.send(new PutEventsCommand({ Entries: [] })));
    const eleven = await rejectionOf(t.events.send(new PutEventsCommand({ Entries: Array(11).fill(entry) })));

    expect(none).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(eleven.message).toContain('Member must have length less than or equal to 10');
    expect(t.cloud.events.list()).toEqual([]);
  });

  it('authenticates issued keys and refuses a bad signature as the JSON services do', async () => {
    t.cloud.iam.createUser({ userName: 'alice' });
    const key = t.cloud.iam.createAccessKey('alice');
    const asAlice = new EventBridgeClient(clientConfig(t.cloud, key));
    const forged = new EventBridgeClient(clientConfig(t.cloud, { ...key, secretAccessKey: 'wrong' }));
    const entry = { Source: 'access-key-rotator', DetailType: 'd', Detail: '{}' };

    const put = await asAlice.send(new PutEventsCommand({ Entries: [entry] }));
    const refused = await rejectionOf(forged.send(new PutEventsCommand({ Entries: [entry] })));
    asAlice.destroy();
    forged.destroy();

    expect(put.FailedEntryCount).toBe(0);
    expect(refused).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
    expect(t.cloud.events.list()).toHaveLength(1);
    expect(t.cloud.iam.findAccessKey(key.accessKeyId)?.lastUsed?.serviceName).toBe('events');
  });
});
