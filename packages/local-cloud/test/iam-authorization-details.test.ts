import {
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedIamFleet } from '../src/index.ts';
import { rejectionOf, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

const USERS = 230;
const names = Array.from({ length: USERS }, (_, i) => `user-${String(i).padStart(3, '0')}`);

describe('local IAM GetAccountAuthorizationDetails', () => {
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    seedIamFleet(
      t.cloud,
      names.map((userName, i) => ({
        userName,
        path: i % 2 === 0 ? '/' : '/svc/',
        tags: { index: String(i), rotate: i % 3 === 0 ? 'true' : 'false' },
        groups: i % 10 === 0 ? ['rotators', 'auditors'] : i % 5 === 0 ? ['rotators'] : [],
        keys: [],
      })),
    );
  });
  afterEach(() => t.close());

  it('pages every user past 100 with its tags and groups (Filter=User)', async () => {
    const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails({ client: t.iam }, { Filter: ['User'] }))
      pages.push(page);
    const users = pages.flatMap((page) => page.UserDetailList ?? []);

    expect(pages.map((page) => page.UserDetailList?.length)).toEqual([100, 100, 30]);
    expect(pages.map((page) => page.IsTruncated)).toEqual([true, true, false]);
    expect(pages[0]?.Marker).toBeTruthy();
    expect(pages.flatMap((page) => page.GroupDetailList ?? [])).toEqual([]);
    expect(users.map((user) => user.UserName)).toEqual(names);
    const u10 = users[10];
    expect(u10).toMatchObject({
      UserName: 'user-010',
      Path: '/',
      Arn: 'arn:aws:iam::000000000000:user/user-010',
      GroupList: ['auditors', 'rotators'],
    });
    expect(u10?.UserId).toMatch(/^AIDA/);
    expect(u10?.CreateDate).toBeInstanceOf(Date);
    expect(u10?.Tags).toEqual([
      { Key: 'index', Value: '10' },
      { Key: 'rotate', Value: 'false' },
    ]);
    expect(users[5]?.GroupList).toEqual(['rotators']);
    expect(users[1]?.GroupList).toEqual([]);
    expect(users[1]?.Arn).toBe('arn:aws:iam::000000000000:user/svc/user-001');
  });

  it('honours MaxItems up to 1000 and refuses more', async () => {
    const big = await t.iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1000 }),
    );
    const small = await t.iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 7 }),
    );
    const tooMany = await rejectionOf(
      t.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1001 })),
    );

    expect(big.UserDetailList).toHaveLength(USERS);
    expect(big.IsTruncated).toBe(false);
    expect(big.Marker).toBeUndefined();
    expect(small.UserDetailList).toHaveLength(7);
    expect(tooMany).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  it('lists groups after users when not filtered, and refuses unknown entity types', async () => {
    const all = await t.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000 }));
    const groupsOnly = await t.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Group'] }));
    const bad = await rejectionOf(
      t.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Robot' as 'User'] })),
    );

    expect(all.UserDetailList).toHaveLength(USERS);
    expect(all.GroupDetailList?.map((group) => group.GroupName)).toEqual(['auditors', 'rotators']);
    expect(all.RoleDetailList).toEqual([]);
    expect(groupsOnly.UserDetailList).toBeUndefined();
    expect(groupsOnly.GroupDetailList?.[1]?.Arn).toBe('arn:aws:iam::000000000000:group/rotators');
    expect(bad).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(bad.message).toContain("at 'filter.2.member'");
  });
});
