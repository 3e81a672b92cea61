import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListGroupsForUserCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LEGACY_SNAPSHOT_FILE_NAME,
  readPersistedCloudState,
  seedIamUser,
  startLocalCloud,
} from '../src/index.ts';
import { startTestCloud, type TestCloud, tempStateDir } from './local-cloud-fixture.ts';

describe('persistence of IAM groups, SNS messages and EventBridge events', () => {
  const open: TestCloud[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function stateDir(): string {
    const dir = tempStateDir();
    dirs.push(dir);
    return dir;
  }

  it('restores groups, memberships, topics, messages and events after a restart', async () => {
    const dir = stateDir();
    const before = await startLocalCloud({ stateDir: dir });
    seedIamUser(before, { userName: 'alice', groups: ['rotators', 'auditors'], keys: [] });
    const topic = before.sns.createTopic({ name: 'rotation-events' });
    before.sns.publish(topic.topicArn, { message: 'hello' });
    before.events.putEvents([{ source: 's', detailType: 'd', detail: '{"n":1}' }]);
    await before.close();

    const after = await startTestCloud({ stateDir: dir });
    open.push(after);
    const listed = await after.iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }));
    const onDisk = readPersistedCloudState(dir);

    expect(listed.Groups?.map((group) => group.GroupName)).toEqual(['auditors', 'rotators']);
    expect(after.cloud.sns.messages(topic.topicArn).map((message) => message.message)).toEqual(['hello']);
    expect(after.cloud.events.list()).toMatchObject([
      { source: 's', detailType: 'd', detail: '{"n":1}', eventBusName: 'default', region: 'us-east-1' },
    ]);
    expect(onDisk.iam.groups.rotators).toMatchObject({ groupName: 'rotators', members: ['alice'] });
  });

  it('loads a cloud.json written before groups, SNS and EventBridge existed', async () => {
    const dir = stateDir();
    const old = {
      formatVersion: 1,
      iam: {
        users: {
          bob: {
            userName: 'bob',
            userId: 'AIDAOLDUSER0000000000',
            path: '/',
            createDate: '2024-01-01T00:00:00.000Z',
            tags: {},
          },
        },
        accessKeys: {},
      },
      secrets: {},
      dynamodb: { tables: {} },
    };
    writeFileSync(join(dir, LEGACY_SNAPSHOT_FILE_NAME), JSON.stringify(old));

    const t = await startTestCloud({ stateDir: dir });
    open.push(t);
    const listed = await t.iam.send(new ListGroupsForUserCommand({ UserName: 'bob' }));
    t.cloud.iam.groups.create({ groupName: 'new' });
    t.cloud.iam.groups.addUser('new', 'bob');

    expect(listed.Groups).toEqual([]);
    expect(t.cloud.sns.listTopics()).toEqual([]);
    expect(t.cloud.events.list()).toEqual([]);
    expect(t.cloud.iam.groups.listForUser('bob').map((group) => group.groupName)).toEqual(['new']);
  });

  it('shows a membership added by one instance to another on the same state dir', async () => {
    const dir = stateDir();
    const first = await startTestCloud({ stateDir: dir });
    const second = await startTestCloud({ stateDir: dir });
    open.push(first, second);
    seedIamUser(first.cloud, { userName: 'carol', groups: ['rotators'], keys: [] });

    const listed = await second.iam.send(new ListGroupsForUserCommand({ UserName: 'carol' }));

    expect(listed.Groups?.map((group) => group.GroupName)).toEqual(['rotators']);
  });
});
