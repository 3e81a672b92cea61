/**
 * Which account keeps a secret: the hub's always, unless the deployment keeps
 * member principals' secrets in their own accounts; read from the name alone,
 * `<prefix>/aws/<account-id>/<user>`.
 */
import { describe, expect, it } from 'vitest';
import {
  accountSecretStore,
  memberAccountOfSecret,
} from '../../lambdas/adapters/aws/account-secret-store.ts';
import type { SecretStore } from '../../lambdas/rotation/ports.ts';

const PREFIX = 'access-key-rotator';

/** A store that answers describe with where it is, so the test sees which one was asked. */
function storeNamed(where: string, asked: string[]): SecretStore {
  const unused = async () => {
    throw new Error('not used here');
  };
  return {
    describe: async (name) => {
      asked.push(`${where} ${name}`);
      return { name, versions: [] };
    },
    readCredential: unused,
    create: unused,
    putPending: unused,
    putAccessPolicy: async (name, policy) => {
      asked.push(`${where} policy ${name} ${policy.Statement.map((statement) => statement.Sid).join(',')}`);
    },
    recordManagement: async (name, management) => {
      asked.push(`${where} management ${name} ${management.lastRotationId}`);
    },
    moveStage: unused,
  };
}

describe('the account a secret is kept in', () => {
  it.each([
    ['access-key-rotator/aws/alice', undefined],
    ['access-key-rotator/aws/111122223333/alice', '111122223333'],
    ['access-key-rotator/yandex/aje1', undefined],
    ['other-prefix/aws/111122223333/alice', undefined],
    ['access-key-rotator/aws/1111/alice', undefined],
  ])('%s belongs to %s', (name, account) => {
    expect(memberAccountOfSecret(name, PREFIX)).toBe(account);
  });

  it("is the member's with the member location, the hub's for hub principals and the hub's own id", async () => {
    // Prepare
    const asked: string[] = [];
    const store = accountSecretStore({
      hub: storeNamed('hub', asked),
      memberStore: (account) => storeNamed(`member ${account}`, asked),
      secretNamePrefix: PREFIX,
      location: 'member',
      hubAccountId: '999988887777',
    });

    // Act
    await store.describe('access-key-rotator/aws/alice');
    await store.describe('access-key-rotator/aws/111122223333/alice');
    await store.describe('access-key-rotator/aws/999988887777/alice');

    // Assess
    expect(asked).toEqual([
      'hub access-key-rotator/aws/alice',
      'member 111122223333 access-key-rotator/aws/111122223333/alice',
      'hub access-key-rotator/aws/999988887777/alice',
    ]);
  });

  it("puts a member secret's policy and management record in the member's store, a hub secret's in the hub's", async () => {
    // Prepare
    const asked: string[] = [];
    const store = accountSecretStore({
      hub: storeNamed('hub', asked),
      memberStore: (account) => storeNamed(`member ${account}`, asked),
      secretNamePrefix: PREFIX,
      location: 'member',
      hubAccountId: '999988887777',
    });
    const policy = { Version: '2012-10-17', Statement: [] } as const;
    const management = { lastRotationId: 'r-1', nextDueAt: '2030-04-01T00:00:00.000Z', managedBy: 'Akr' };

    // Act
    await store.putAccessPolicy('access-key-rotator/aws/111122223333/alice', policy);
    await store.recordManagement('access-key-rotator/aws/111122223333/alice', management);
    await store.putAccessPolicy('access-key-rotator/aws/alice', policy);
    await store.recordManagement('access-key-rotator/aws/alice', management);

    // Assess
    expect(asked).toEqual([
      'member 111122223333 policy access-key-rotator/aws/111122223333/alice ',
      'member 111122223333 management access-key-rotator/aws/111122223333/alice r-1',
      'hub policy access-key-rotator/aws/alice ',
      'hub management access-key-rotator/aws/alice r-1',
    ]);
  });

  it('is always the hub with the default location', async () => {
    // Prepare
    const asked: string[] = [];
    const hub = storeNamed('hub', asked);

    // Act
    const store = accountSecretStore({
      hub,
      memberStore: () => {
        throw new Error('no member store with the hub location');
      },
      secretNamePrefix: PREFIX,
      location: 'hub',
      hubAccountId: undefined,
    });
    await store.describe('access-key-rotator/aws/111122223333/alice');

    // Assess
    expect(store).toBe(hub);
    expect(asked).toEqual(['hub access-key-rotator/aws/111122223333/alice']);
  });
});
