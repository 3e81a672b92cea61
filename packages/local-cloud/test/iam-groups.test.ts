import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  GetGroupCommand,
  ListGroupsForUserCommand,
  paginateListGroupsForUser,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

describe('local IAM groups', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    t.cloud.iam.createUser({ userName: 'alice' });
  });
  afterEach(() => t.close());

  it('creates a group with an AGPA id and a path-qualified ARN, and refuses the same name in any case', async () => {
    const created = await t.iam.send(new CreateGroupCommand({ GroupName: 'Admins', Path: '/ops/' }));
    const again = await rejectionOf(t.iam.send(new CreateGroupCommand({ GroupName: 'admins' })));

    expect(created.Group).toMatchObject({
      GroupName: 'Admins',
      Path: '/ops/',
      Arn: 'arn:aws:iam::000000000000:group/ops/Admins',
    });
    expect(created.Group?.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(created.Group?.CreateDate).toBeInstanceOf(Date);
    expect(again).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 });
  });

  it('adds and removes members, visible through GetGroup and ListGroupsForUser', async () => {
    t.cloud.iam.createUser({ userName: 'bob' });
    await t.iam.send(new CreateGroupCommand({ GroupName: 'rotators' }));
    await t.iam.send(new CreateGroupCommand({ GroupName: 'auditors' }));
    await t.iam.send(new AddUserToGroupCommand({ GroupName: 'rotators', UserName: 'bob' }));
    await t.iam.send(new AddUserToGroupCommand({ GroupName: 'rotators', UserName: 'alice' }));
    await t.iam.send(new AddUserToGroupCommand({ GroupName: 'rotators', UserName: 'alice' }));
    await t.iam.send(new AddUserToGroupCommand({ GroupName: 'auditors', UserName: 'alice' }));

    const group = await t.iam.send(new GetGroupCommand({ GroupName: 'rotators' }));
    const aliceGroups = await t.iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }));
    await t.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'rotators', UserName: 'alice' }));
    const afterRemoval = await t.iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }));

    expect(group.Group?.GroupName).toBe('rotators');
    expect(group.Users?.map((user) => user.UserName)).toEqual(['alice', 'bob']);
    expect(aliceGroups.Groups?.map((g) => g.GroupName)).toEqual(['auditors', 'rotators']);
    expect(afterRemoval.Groups?.map((g) => g.GroupName)).toEqual(['auditors']);
    expect(t.cloud.iam.groups.get('rotators').members).toEqual(['bob']);
  });

  it('pages ListGroupsForUser with Marker and MaxItems', async () => {
    const names = ['g1', 'g2', 'g3', 'g4', 'g5'];
    for (const groupName of names) {
      t.cloud.iam.groups.create({ groupName });
      t.cloud.iam.groups.addUser(groupName, 'alice');
    }

    const first = await t.iam.send(new ListGroupsForUserCommand({ UserName: 'alice', MaxItems: 2 }));
    const seen: string[] = [];
    for await (const page of paginateListGroupsForUser({ client: t.iam, pageSize: 2 }, { UserName: 'alice' }))
      seen.push(...(page.Groups ?? []).map((group) => group.GroupName ?? ''));

    expect(first.Groups).toHaveLength(2);
    expect(first.IsTruncated).toBe(true);
    expect(seen).toEqual(names);
  });

  it('answers NoSuchEntity for an unknown user or group', async () => {
    t.cloud.iam.groups.create({ groupName: 'rotators' });

    const noGroup = await rejectionOf(
      t.iam.send(new AddUserToGroupCommand({ GroupName: 'nope', UserName: 'alice' })),
    );
    const noUser = await rejectionOf(
      t.iam.send(new AddUserToGroupCommand({ GroupName: 'rotators', UserName: 'nobody' })),
    );
    const notMember = await rejectionOf(
      t.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'rotators', UserName: 'alice' })),
    );
    const listUnknown = await rejectionOf(t.iam.send(new ListGroupsForUserCommand({ UserName: 'nobody' })));
    const getUnknown = await rejectionOf(t.iam.send(new GetGroupCommand({ GroupName: 'nope' })));

    for (const failure of [noGroup, noUser, notMember, listUnknown, getUnknown])
      expect(failure).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    expect(noGroup.message).toBe('The group with name nope cannot be found.');
    expect(noUser.message).toBe('The user with name nobody cannot be found.');
  });

  it('refuses to delete a group with members or a user in a group, like IAM', async () => {
    t.cloud.iam.groups.create({ groupName: 'rotators' });
    t.cloud.iam.groups.addUser('rotators', 'alice');

    const groupInUse = await rejectionOf(t.iam.send(new DeleteGroupCommand({ GroupName: 'rotators' })));
    const userInGroup = await rejectionOf(t.iam.send(new DeleteUserCommand({ UserName: 'alice' })));
    await t.iam.send(new RemoveUserFromGroupCommand({ GroupName: 'rotators', UserName: 'alice' }));
    await t.iam.send(new DeleteGroupCommand({ GroupName: 'rotators' }));

    expect(groupInUse).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(userInGroup).toMatchObject({ name: 'DeleteConflictException', status: 409 });
    expect(t.cloud.iam.groups.find('rotators')).toBeUndefined();
  });

  it('limits a user to 10 groups', () => {
    for (let i = 0; i < 11; i += 1) t.cloud.iam.groups.create({ groupName: `g${i}` });
    for (let i = 0; i < 10; i += 1) t.cloud.iam.groups.addUser(`g${i}`, 'alice');

    expect(() => t.cloud.iam.groups.addUser('g10', 'alice')).toThrow(/GroupsPerUser: 10/);
  });
});
