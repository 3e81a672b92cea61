import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPersistedCloudState, type SeedIamUserSpec, seedIamFleet, seedIamUser } from '../src/index.ts';
import { clientConfig, committedChanges, startTestCloud, type TestCloud } from './local-cloud-fixture.ts';

// Counts state writes: the changes committed to the state database since the last clear.
let writesBefore = 0;
const stateWrites = () => committedChanges(t.stateDir) - writesBefore;
const clearWrites = () => {
  writesBefore = committedChanges(t.stateDir);
};
let t: TestCloud;

const fleet = (count: number): SeedIamUserSpec[] =>
  Array.from({ length: count }, (_, i) => ({
    userName: `fleet-${String(i).padStart(5, '0')}`,
    tags: { rotate: 'true' },
    groups: i % 2 === 0 ? ['even'] : [],
    keys: [{ ageDays: 100 + (i % 7) }, { ageDays: 1, status: 'Inactive' as const }],
    managedSecret: { name: `access-key-rotator/aws/fleet-${i}`, keyIndex: 0 },
  }));

describe('seedIamFleet', () => {
  beforeEach(async () => {
    t = await startTestCloud();
    clearWrites();
  });
  afterEach(() => t.close());

  // One write, not 2,000: that is what keeps seeding fast; the time itself is a figure of `npm run bench`.
  it('seeds 2,000 users with keys, groups and secrets in one state write', () => {
    const seeded = seedIamFleet(t.cloud, fleet(2000));

    expect(stateWrites()).toBe(1);
    expect(seeded).toHaveLength(2000);
    expect(t.cloud.iam.listUsers()).toHaveLength(2000);
    expect(t.cloud.iam.groups.get('even').members).toHaveLength(1000);
    expect(t.cloud.secrets.listSecrets()).toHaveLength(2000);
    const onDisk = readPersistedCloudState(t.stateDir);
    expect(Object.keys(onDisk.iam.accessKeys)).toHaveLength(4000);
  });

  it('seeds exactly what seedIamUser would: the managed secret holds a working key', async () => {
    const [alice] = seedIamFleet(t.cloud, [
      { userName: 'alice', keys: [{ ageDays: 95 }], managedSecret: { name: 's/alice', keyIndex: 0 } },
    ]);
    const credential = JSON.parse(t.cloud.secrets.getSecretValue('s/alice').secretString ?? '{}');
    const sts = new STSClient(
      clientConfig(t.cloud, {
        accessKeyId: credential.AccessKeyId,
        secretAccessKey: credential.SecretAccessKey,
      }),
    );
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();

    expect(alice).toEqual({ userName: 'alice', keyIds: [credential.AccessKeyId] });
    expect(identity.Arn).toBe('arn:aws:iam::000000000000:user/alice');
  });

  it('is all or nothing: a refused spec leaves the state untouched and unwritten', () => {
    seedIamUser(t.cloud, { userName: 'existing', keys: [] });
    clearWrites();
    const specs = [
      ...fleet(3),
      { userName: 'too-many', keys: [{ ageDays: 1 }, { ageDays: 1 }, { ageDays: 1 }] },
    ];

    expect(() => seedIamFleet(t.cloud, specs)).toThrow(/at most 2 keys/);
    expect(stateWrites()).toBe(0);
    expect(t.cloud.iam.listUsers().map((user) => user.userName)).toEqual(['existing']);
    expect(t.cloud.secrets.listSecrets()).toEqual([]);
  });

  it('cloud.batch keeps nothing when a change inside it failed, even one the work caught', () => {
    t.cloud.iam.createUser({ userName: 'dave' });
    clearWrites();

    const attempt = () =>
      t.cloud.batch(() => {
        t.cloud.iam.createUser({ userName: 'erin' });
        try {
          t.cloud.iam.createUser({ userName: 'DAVE' });
        } catch {
          // swallowed on purpose
        }
      });

    expect(attempt).toThrow(/User with name DAVE already exists/);
    expect(stateWrites()).toBe(0);
    expect(t.cloud.iam.findUser('erin')).toBeUndefined();
  });

  it('refuses two specs for the same user, ignoring case', () => {
    expect(() =>
      seedIamFleet(t.cloud, [
        { userName: 'Bob', keys: [] },
        { userName: 'bob', keys: [] },
      ]),
    ).toThrow(/bob appears twice/);
    expect(t.cloud.iam.findUser('bob')).toBeUndefined();
  });

  it('replaces users seeded before, including their group memberships', () => {
    seedIamUser(t.cloud, { userName: 'carol', groups: ['old'], keys: [{ ageDays: 1 }] });

    seedIamFleet(t.cloud, [{ userName: 'carol', groups: ['new'], keys: [] }]);

    expect(t.cloud.iam.groups.listForUser('carol').map((group) => group.groupName)).toEqual(['new']);
    expect(t.cloud.iam.groups.get('old').members).toEqual([]);
    expect(t.cloud.iam.listAccessKeys('carol')).toEqual([]);
  });
});
