import {
  CreateUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  paginateListUsers,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('local IAM users', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
  });
  afterEach(() => t.close());

  it('pages ListUsers past 100 users with Marker and IsTruncated', async () => {
    const names = Array.from({ length: 230 }, (_, i) => `user-${String(i).padStart(3, '0')}`);
    for (const userName of names) t.cloud.iam.createUser({ userName });

    const firstPage = await t.iam.send(new ListUsersCommand({}));
    const seen: string[] = [];
    for await (const page of paginateListUsers({ client: t.iam }, {}))
      seen.push(...(page.Users ?? []).map((user) => user.UserName ?? ''));

    expect(firstPage.Users).toHaveLength(100);
    expect(firstPage.IsTruncated).toBe(true);
    expect(firstPage.Marker).toBeTruthy();
    expect(seen).toEqual(names);
  });

  it('keeps the page boundary when a listed user is deleted between pages', async () => {
    for (const userName of ['a', 'b', 'c', 'd']) t.cloud.iam.createUser({ userName });

    const first = await t.iam.send(new ListUsersCommand({ MaxItems: 2 }));
    t.cloud.iam.deleteUser('b');
    const second = await t.iam.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));

    expect(second.Users?.map((user) => user.UserName)).toEqual(['c', 'd']);
    expect(second.IsTruncated).toBe(false);
  });

  it('filters by PathPrefix and returns user ARNs with their path', async () => {
    await t.iam.send(new CreateUserCommand({ UserName: 'svc', Path: '/service/' }));
    await t.iam.send(new CreateUserCommand({ UserName: 'human' }));

    const listed = await t.iam.send(new ListUsersCommand({ PathPrefix: '/service/' }));

    expect(listed.Users?.map((user) => [user.UserName, user.Arn])).toEqual([
      ['svc', 'arn:aws:iam::000000000000:user/service/svc'],
    ]);
  });

  it('stores tags and serves them through GetUser and ListUserTags', async () => {
    await t.iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'rotate', Value: 'yes' }] }));
    await t.iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'infra' }] }));

    const user = await t.iam.send(new GetUserCommand({ UserName: 'alice' }));
    const tags = await t.iam.send(new ListUserTagsCommand({ UserName: 'alice' }));

    expect(user.User?.Tags).toEqual([
      { Key: 'rotate', Value: 'yes' },
      { Key: 'team', Value: 'infra' },
    ]);
    expect(tags.Tags).toEqual(user.User?.Tags);
  });

  it('treats user names case-insensitively, like IAM', async () => {
    await t.iam.send(new CreateUserCommand({ UserName: 'Alice' }));

    const found = await t.iam.send(new GetUserCommand({ UserName: 'alice' }));
    const duplicate = await rejectionOf(t.iam.send(new CreateUserCommand({ UserName: 'ALICE' })));

    expect(found.User?.UserName).toBe('Alice');
    expect(duplicate).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
  });

  it('refuses to delete a user that still has access keys', async () => {
    t.cloud.iam.createUser({ userName: 'alice' });
    t.cloud.iam.createAccessKey('alice');

    const failure = await rejectionOf(t.iam.send(new DeleteUserCommand({ UserName: 'alice' })));

    expect(failure).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(t.cloud.iam.findUser('alice')).toBeDefined();
  });

  it('refuses a bad UserName with ValidationError before touching state', async () => {
    const failure = await rejectionOf(t.iam.send(new CreateUserCommand({ UserName: 'has space' })));

    expect(failure).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(failure.message).toContain('[\\w+=,.@-]+');
    expect(t.cloud.iam.listUsers()).toEqual([]);
  });
});
