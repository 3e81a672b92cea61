/**
 * A multi-account fleet world for rule tests: the hub's directory plus one
 * fake directory per member account, an Organizations fake that pages, and
 * accounts whose member role cannot be assumed (the error STS gives).
 */
import { type AccountScope, DEFAULT_ACCOUNT_SCOPE } from '../../../lambdas/config/account-scope.ts';
import type {
  FleetAccounts,
  OrganizationAccount,
  OrganizationDirectory,
} from '../../../lambdas/fleet/fleet-ports.ts';
import { createFleetWorld, type FleetWorld } from './fleet-world.ts';
import { InMemoryFleetDirectory } from './in-memory-fleet-directory.ts';

export const HUB = '123456789012';
/** Member accounts of the tests. */
export const A = '111111111111';
export const B = '222222222222';
export const C = '333333333333';

export interface AccountsWorld extends FleetWorld {
  readonly members: Map<string, InMemoryFleetDirectory>;
  /** Accounts of the organization, listed `pageSize` to a page. */
  readonly organization: OrganizationAccount[];
  /** Per OU, the accounts directly in it. */
  readonly units: Map<string, OrganizationAccount[]>;
  /** Accounts whose member role refuses the hub (AssumeRole AccessDenied). */
  readonly refusing: Set<string>;
  /** Organizations pages served, by listing. */
  readonly pagesServed: string[];
  organizationFails?: Error;
}

export function accessDenied(account: string): Error {
  return Object.assign(
    new Error(
      `User: arn:aws:sts::${HUB}:assumed-role/akr-discover/fn is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/access-key-rotator-member`,
    ),
    { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
  );
}

export function scopeOf(source: AccountScope['source'], excludedAccounts: string[] = []): AccountScope {
  return { ...DEFAULT_ACCOUNT_SCOPE, source, excludedAccounts, organizationRoleArn: undefined };
}

export function createAccountsWorld(
  scope: AccountScope,
  options: Parameters<typeof createFleetWorld>[0] & { pageSize?: number } = {},
): AccountsWorld {
  const base = createFleetWorld(options);
  const pageSize = options.pageSize ?? 20;
  const members = new Map<string, InMemoryFleetDirectory>();
  const world: AccountsWorld = {
    ...base,
    members,
    organization: [],
    units: new Map(),
    refusing: new Set(),
    pagesServed: [],
  };
  async function* paged(label: string, accounts: readonly OrganizationAccount[]) {
    if (world.organizationFails) throw world.organizationFails;
    for (let start = 0; start < accounts.length; start += pageSize) {
      world.pagesServed.push(label);
      yield* accounts.slice(start, start + pageSize);
    }
  }
  const organization: OrganizationDirectory = {
    listAccounts: () => paged('ListAccounts', world.organization),
    listAccountsForParent: (ou) => paged(`ListAccountsForParent ${ou}`, world.units.get(ou) ?? []),
  };
  const accounts: FleetAccounts = {
    hubAccountId: HUB,
    scope,
    organization,
    directoryOf: (account) => {
      const directory = members.get(account) ?? new InMemoryFleetDirectory(base.log);
      members.set(account, directory);
      if (!world.refusing.has(account)) return directory;
      return {
        provider: 'aws',
        // The SDK assumes the role on the first call: the listing is what fails.
        listPrincipals: async function* () {
          yield* [];
          throw accessDenied(account);
        },
        listKeys: async () => {
          throw accessDenied(account);
        },
      };
    },
  };
  // The same object the fakes above read, so a test may still arm `organizationFails` on it.
  Object.assign(world, { ports: { ...base.ports, accounts } });
  return world;
}

/** A member account with users whose one Active key is `ageDays` old. */
export function memberWithUsers(
  world: AccountsWorld,
  account: string,
  users: readonly string[],
  ageDays: number,
) {
  const directory = world.members.get(account) ?? new InMemoryFleetDirectory(world.log);
  world.members.set(account, directory);
  const createdAt = new Date(world.clock.now().getTime() - ageDays * 86_400_000).toISOString();
  for (const user of users) {
    directory.addPrincipal(user);
    directory.addKey(user, createdAt);
  }
  return directory;
}
