/**
 * Seeding many accounts for benchmarks and demos: 20 member accounts of
 * 1,000 users each are written in seconds, each account's users and secrets
 * where its own API serves them, the home account's exactly where a
 * single-account state keeps them; and another cloud on the state dir serves
 * them all.
 */
import { IAMClient, ListUsersCommand, paginateListUsers } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPersistedCloudState, seedIamFleet, seedIamUser, seedOrganization } from '../src/index.ts';
import { clientConfig, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';
import { HUB, memberTrustPolicy, sessionCredentials } from './organization-fixture.ts';

const ACCOUNTS = Array.from({ length: 20 }, (_, index) => `30000000${String(index).padStart(4, '0')}`);
const USERS_PER_ACCOUNT = 1000;

describe('seeding an organization', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud({ accountId: HUB });
  });
  afterAll(() => t.close());

  it('writes 20,000 users across 20 accounts in seconds', () => {
    // CPU time, not wall time: other processes on a busy machine do not count against it.
    const started = process.cpuUsage();
    seedOrganization(t.cloud, { accounts: ACCOUNTS.map((id) => ({ id })) });
    t.cloud.batch(() => {
      for (const account of ACCOUNTS)
        seedIamFleet(
          t.cloud,
          Array.from({ length: USERS_PER_ACCOUNT }, (_, index) => ({
            userName: `user-${index}`,
            keys: [{ ageDays: 100 }],
          })),
          { account },
        );
    });
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;

    // About 2.5 s; the bound leaves room for coverage instrumentation.
    expect(seconds).toBeLessThan(30);
    expect(t.cloud.memberAccountIds()).toEqual(ACCOUNTS);
    for (const account of ACCOUNTS)
      expect(t.cloud.account(account).iam.listUsers()).toHaveLength(USERS_PER_ACCOUNT);
    expect(t.cloud.iam.listUsers()).toEqual([]);
    console.info(`seeded ${ACCOUNTS.length * USERS_PER_ACCOUNT} users in ${seconds.toFixed(1)} s of CPU`);
  }, 300_000);

  it('keeps the home account where a single-account state has it, and members beside it', () => {
    seedIamUser(t.cloud, {
      userName: 'alice',
      keys: [{ ageDays: 1 }],
      managedSecret: { name: 'access-key-rotator/aws/alice', keyIndex: 0 },
    });
    seedIamUser(
      t.cloud,
      {
        userName: 'bob',
        keys: [{ ageDays: 1 }],
        managedSecret: { name: `access-key-rotator/aws/${ACCOUNTS[0]}/bob`, keyIndex: 0 },
      },
      { account: ACCOUNTS[0] },
    );
    const state = readPersistedCloudState(t.stateDir);
    const member = state.accounts?.[ACCOUNTS[0] ?? ''];

    expect(state.iam.users.alice?.userName).toBe('alice');
    expect(member?.iam.users.bob?.userName).toBe('bob');
    expect(state.iam.users.bob).toBeUndefined();
    // The hub keeps every principal's secret, tagged with the rotator's principal.
    expect(t.cloud.secrets.findSecret(`access-key-rotator/aws/${ACCOUNTS[0]}/bob`)?.tags).toEqual({
      provider: 'aws',
      principal: `${ACCOUNTS[0]}/bob`,
    });
    expect(t.cloud.secrets.findSecret('access-key-rotator/aws/alice')?.tags.principal).toBe('alice');
  });

  it('serves the seeded accounts from another cloud on the same state dir', async () => {
    const account = ACCOUNTS[5] ?? '';
    t.cloud.account(account).iam.roles.create({
      roleName: 'access-key-rotator-member',
      assumeRolePolicyDocument: memberTrustPolicy(HUB, {}),
    });
    const second = await startTestCloud({ stateDir: t.stateDir, accountId: HUB });
    const assumed = await second.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/access-key-rotator-member`,
        RoleSessionName: 'bench',
      }),
    );
    const credentials = sessionCredentials(assumed.Credentials ?? {});
    const iam = new IAMClient(clientConfig(second.cloud, credentials));

    let users = 0;
    for await (const page of paginateListUsers({ client: iam }, { MaxItems: 1000 }))
      users += page.Users?.length ?? 0;
    const first = await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    iam.destroy();
    await second.close();

    expect(users).toBe(USERS_PER_ACCOUNT);
    expect(first.Users?.[0]?.Arn).toMatch(new RegExp(`^arn:aws:iam::${account}:user/`));
  });

  it('refuses a malformed account id, an unknown OU, and an account the cloud does not have', () => {
    expect(() => seedOrganization(t.cloud, { accounts: [{ id: '12' }] })).toThrow('12 digits');
    expect(() => seedOrganization(t.cloud, { accounts: [{ id: '123412341234', ou: 'nowhere' }] })).toThrow(
      'no OU named nowhere',
    );
    expect(() => t.cloud.account('123412341234')).toThrow('the local cloud has no account 123412341234');
  });
});
