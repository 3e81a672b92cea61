/**
 * Discover over several accounts: which accounts take part (a list, the
 * organization's ACTIVE accounts, per OU, minus the excluded; the hub always),
 * the items it writes for each, an unreadable account that stops nobody else,
 * and the run's input narrowing the scope.
 */
import { describe, expect, it } from 'vitest';
import { discoverFleet } from '../../lambdas/fleet/discover-fleet.ts';
import type { DueAccount } from '../../lambdas/fleet/fleet-state.ts';
import {
  A,
  accessDenied,
  B,
  C,
  createAccountsWorld,
  HUB,
  memberWithUsers,
  scopeOf,
} from './fakes/fleet-accounts-world.ts';
import { discoverRequest, dueOf, userWithKeyAged } from './fakes/fleet-world.ts';

const OLD = 100 * 86_400;

describe('discoverFleet over listed accounts', () => {
  it('reads the hub and each listed account, names members <account>/<user>, and writes one items file each', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [B, A] }));
    userWithKeyAged(world, 'alice', OLD);
    memberWithUsers(world, A, ['alice', 'bob'], 100);
    memberWithUsers(world, B, ['carol'], 1);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.accounts).toBe(3);
    expect(discovery.byAccount).toEqual([
      { account: HUB, scanned: 1, due: 1, skipped: 0 },
      { account: A, scanned: 2, due: 2, skipped: 0 },
      { account: B, scanned: 1, due: 0, skipped: 1 },
    ]);
    expect(dueOf(world, discovery)).toEqual(['alice', `${A}/alice`, `${A}/bob`]);
    const manifest = (await world.workStore.getJson(discovery.accountsKey)) as DueAccount[];
    expect(manifest).toEqual([
      { account: HUB, itemsKey: `fleet/aws/scheduled-1/due/${HUB}.json`, due: 1 },
      { account: A, itemsKey: `fleet/aws/scheduled-1/due/${A}.json`, due: 2 },
    ]);
    expect(await world.workStore.getJson(`fleet/aws/scheduled-1/due/${A}.json`)).toEqual([
      { principal: `${A}/alice`, name: `${A}_alice-2030-01-01` },
      { principal: `${A}/bob`, name: `${A}_bob-2030-01-01` },
    ]);
    expect(await world.workStore.getJson(`fleet/aws/scheduled-1/due/${HUB}.json`)).toEqual([
      { principal: 'alice', name: 'alice-2030-01-01' },
    ]);
    // The items first, the manifest that names them after, the full discovery last.
    expect(world.workStore.puts.at(-2)).toBe(discovery.accountsKey);
    expect(world.workStore.puts.at(-1)).toBe(discovery.discoveryKey);
    expect(discovery.skipped).toEqual([
      expect.objectContaining({ principal: `${B}/carol`, reason: 'TOO_YOUNG' }),
    ]);
  });

  it("reads a member's lock under its account: a rotation in flight there is skipped", async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [A] }));
    memberWithUsers(world, A, ['alice'], 100);
    world.lock.seed(`aws#${A}/alice`, {
      rotationId: 'rotation-1',
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:akr-aws:x',
      acquiredAt: world.clock.now().toISOString(),
      expiresAt: new Date(world.clock.now().getTime() + 3_600_000).toISOString(),
    });

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.dueCount).toBe(0);
    expect(discovery.skipped).toEqual([
      expect.objectContaining({ principal: `${A}/alice`, reason: 'ROTATION_IN_FLIGHT' }),
    ]);
  });

  it('leaves the excluded accounts alone', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [A] }, [B]));
    memberWithUsers(world, A, ['alice'], 100);
    memberWithUsers(world, B, ['bob'], 100);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(discovery.byAccount.map((a) => a.account)).toEqual([HUB, A]);
  });

  it('reports an account whose role refuses the hub as UNREADABLE and rotates the others', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [A, B, C] }));
    memberWithUsers(world, A, ['alice'], 100);
    memberWithUsers(world, C, ['carol'], 100);
    world.refusing.add(B);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual([`${A}/alice`, `${C}/carol`]);
    expect(discovery.unreadableAccounts).toEqual([
      {
        account: B,
        error: 'AccessDenied',
        cause: expect.stringContaining(
          `sts:AssumeRole on resource: arn:aws:iam::${B}:role/access-key-rotator-member`,
        ),
      },
    ]);
    expect(discovery.unreadableAccountsCount).toBe(1);
    expect(discovery.accounts).toBe(3);
  });

  it('reports an account throttled past retries as UNREADABLE, with the error it gave', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [A, B] }));
    memberWithUsers(world, A, ['alice'], 100);
    const throttled = memberWithUsers(world, B, ['bob'], 100);
    throttled.listKeys = async () => {
      throw Object.assign(new Error('IAM ListAccessKeys failed with Throttling (HTTP 400); safe to retry'), {
        name: 'TransientError',
      });
    };

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual([`${A}/alice`]);
    expect(discovery.unreadableAccounts).toEqual([
      { account: B, error: 'TransientError', cause: expect.stringContaining('Throttling') },
    ]);
  });
});

describe('discoverFleet over the organization', () => {
  it('pages ListAccounts, takes ACTIVE accounts only, and always the hub', async () => {
    // Prepare: 45 accounts on three pages; two suspended, one closing.
    const world = createAccountsWorld(scopeOf({ kind: 'organization', organizationalUnits: [] }));
    const ids = Array.from({ length: 45 }, (_, i) => String(100_000_000_000 + i));
    for (const id of ids) world.organization.push({ id, state: 'ACTIVE' });
    world.organization[3] = { id: ids[3] ?? '', state: 'SUSPENDED' };
    world.organization[40] = { id: ids[40] ?? '', state: 'SUSPENDED' };
    world.organization[41] = { id: ids[41] ?? '', state: 'PENDING_CLOSURE' };
    world.organization.push({ id: HUB, state: 'ACTIVE' });
    for (const id of ids) memberWithUsers(world, id, ['deploy'], 100);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(world.pagesServed).toEqual(['ListAccounts', 'ListAccounts', 'ListAccounts']);
    const read = discovery.byAccount.map((a) => a.account);
    expect(read[0]).toBe(HUB);
    expect(read).toHaveLength(1 + 42);
    for (const skipped of [ids[3], ids[40], ids[41]]) expect(read).not.toContain(skipped);
    expect(discovery.dueCount).toBe(42);
  });

  it('lists each OU with ListAccountsForParent, plus the hub', async () => {
    // Prepare
    const units = ['ou-ab12-11111111', 'ou-ab12-22222222'];
    const world = createAccountsWorld(scopeOf({ kind: 'organization', organizationalUnits: units }));
    world.units.set(units[0] ?? '', [{ id: A, state: 'ACTIVE' }]);
    world.units.set(units[1] ?? '', [
      { id: B, state: 'ACTIVE' },
      { id: C, state: 'SUSPENDED' },
    ]);
    world.organization.push({ id: '444444444444', state: 'ACTIVE' });

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(world.pagesServed).toEqual(units.map((ou) => `ListAccountsForParent ${ou}`));
    expect(discovery.byAccount.map((a) => a.account)).toEqual([HUB, A, B]);
  });

  it('goes on with the hub when Organizations refuses, and says why', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'organization', organizationalUnits: [] }));
    world.organizationFails = Object.assign(
      new Error("You don't have permissions to access this resource."),
      {
        name: 'AccessDeniedException',
      },
    );
    userWithKeyAged(world, 'alice', OLD);

    // Act
    const discovery = await discoverFleet(discoverRequest(), world.ports);

    // Assess
    expect(dueOf(world, discovery)).toEqual(['alice']);
    expect(discovery.unreadableAccounts).toEqual([
      {
        account: 'organization',
        error: 'AccessDeniedException',
        cause: expect.stringContaining('permissions'),
      },
    ]);
  });
});

describe('discoverFleet narrowed by the run input', () => {
  it('reads only the accounts the input names, the hub only if named', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [A, B] }));
    memberWithUsers(world, A, ['alice'], 100);
    memberWithUsers(world, B, ['bob'], 100);

    // Act
    const discovery = await discoverFleet(discoverRequest({ accounts: [B] }), world.ports);

    // Assess
    expect(discovery.byAccount.map((a) => a.account)).toEqual([B]);
    expect(dueOf(world, discovery)).toEqual([`${B}/bob`]);
  });

  it('leaves out the accounts the input excludes, the hub too', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'list', accounts: [A, B] }));
    memberWithUsers(world, A, ['alice'], 100);

    // Act
    const discovery = await discoverFleet(discoverRequest({ excludeAccounts: [HUB, B] }), world.ports);

    // Assess
    expect(discovery.byAccount.map((a) => a.account)).toEqual([A]);
  });

  it('lists only the OUs the input names', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'organization', organizationalUnits: [] }));
    world.units.set('ou-ab12-22222222', [{ id: B, state: 'ACTIVE' }]);

    // Act
    const discovery = await discoverFleet(
      discoverRequest({ organizationalUnits: ['ou-ab12-22222222'] }),
      world.ports,
    );

    // Assess
    expect(world.pagesServed).toEqual(['ListAccountsForParent ou-ab12-22222222']);
    expect(discovery.byAccount.map((a) => a.account)).toEqual([HUB, B]);
  });

  it.each([
    ['an account outside the deployment list', { accounts: [C] }, 'accounts'],
    [
      'an OU outside the deployment OUs',
      { organizationalUnits: ['ou-ab12-99999999'] },
      'organizationalUnits',
    ],
  ])('refuses %s before reading or writing anything', async (_case, input, field) => {
    // Prepare
    const source =
      field === 'accounts'
        ? ({ kind: 'list', accounts: [A] } as const)
        : ({ kind: 'organization', organizationalUnits: ['ou-ab12-11111111'] } as const);
    const world = createAccountsWorld(scopeOf(source));
    memberWithUsers(world, A, ['alice'], 100);

    // Act
    const outcome = discoverFleet(discoverRequest(input), world.ports);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'ValidationError', code: 'VALIDATION_ERROR', field });
    expect(world.log.calls).toEqual([]);
    expect(world.pagesServed).toEqual([]);
    expect(world.workStore.puts).toEqual([]);
  });

  it('reports an account the input names that the organization does not hold', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'organization', organizationalUnits: [] }));
    world.organization.push({ id: A, state: 'ACTIVE' }, { id: B, state: 'SUSPENDED' });

    // Act
    const discovery = await discoverFleet(discoverRequest({ accounts: [A, B] }), world.ports);

    // Assess
    expect(discovery.byAccount.map((a) => a.account)).toEqual([A]);
    expect(discovery.unreadableAccounts).toEqual([
      expect.objectContaining({ account: B, error: 'AccountNotInScope' }),
    ]);
  });
});

describe('discoverFleet in a single-account deployment', () => {
  it('fails the step on an error, as it always has, so Step Functions retries it', async () => {
    // Prepare
    const world = createAccountsWorld(scopeOf({ kind: 'hub-only' }));
    userWithKeyAged(world, 'alice', OLD);
    world.directory.listKeys = async () => {
      throw accessDenied(HUB);
    };

    // Act
    const outcome = discoverFleet(discoverRequest(), world.ports);

    // Assess
    await expect(outcome).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(world.workStore.puts).toEqual([]);
  });
});
