/**
 * Organizations as an organization-wide rotation reads it: every account
 * (SUSPENDED ones too: the caller must skip them) across pages of any
 * MaxResults from 1 to 20, the accounts of one OU, an account's parent; and
 * only from the management account, while an account in no organization is
 * told so.
 */
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrganization } from '../src/index.ts';
import { clientConfig, rejectionOf, startTestCloud } from './local-cloud-fixture.ts';
import {
  assumeMemberRole,
  HUB,
  MEMBER,
  memberTrustPolicy,
  type OrganizationCloud,
  SUSPENDED_MEMBER,
  sessionCredentials,
  startOrganizationCloud,
} from './organization-fixture.ts';

/** 40 more accounts: 2000000000NN, in OU `fleet` (every third SUSPENDED) or under the root. */
const FLEET = Array.from({ length: 40 }, (_, index) => ({
  id: `2000000000${String(index).padStart(2, '0')}`,
  ou: index % 2 === 0 ? 'fleet' : undefined,
  status: index % 3 === 0 ? ('SUSPENDED' as const) : ('ACTIVE' as const),
}));

describe('Organizations in the local cloud', () => {
  let t: OrganizationCloud;
  let organizations: OrganizationsClient;
  beforeAll(async () => {
    t = await startOrganizationCloud();
    seedOrganization(t.cloud, { ous: [{ name: 'fleet', parent: 'workloads' }], accounts: FLEET });
    organizations = new OrganizationsClient(clientConfig(t.cloud));
  });
  afterAll(async () => {
    organizations.destroy();
    await t.close();
  });

  it('describes the organization the home account manages', async () => {
    const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));

    expect(Organization).toMatchObject({
      Id: t.organization.organizationId,
      MasterAccountId: HUB,
      FeatureSet: 'ALL',
      Arn: `arn:aws:organizations::${HUB}:organization/${t.organization.organizationId}`,
    });
    expect(Organization?.Id).toMatch(/^o-[a-z0-9]{10}$/);
  });

  it('lists every account, suspended ones with their status, across pages of each MaxResults 1..20', async () => {
    const expected = [HUB, MEMBER, SUSPENDED_MEMBER, ...FLEET.map((account) => account.id)].sort();
    for (let maxResults = 1; maxResults <= 20; maxResults++) {
      const pages = [];
      for await (const page of paginateListAccounts({ client: organizations }, { MaxResults: maxResults }))
        pages.push(page.Accounts ?? []);

      expect(
        pages.every((page) => page.length <= maxResults),
        `MaxResults ${maxResults}`,
      ).toBe(true);
      expect(pages.length).toBe(Math.ceil(expected.length / maxResults));
      const ids = pages.flat().map((account) => account.Id);
      expect(ids, `MaxResults ${maxResults}`).toEqual(expected);
    }
    const Accounts = [];
    for await (const page of paginateListAccounts({ client: organizations }, {}))
      Accounts.push(...(page.Accounts ?? []));
    expect(Accounts.find((account) => account.Id === SUSPENDED_MEMBER)).toMatchObject({
      Status: 'SUSPENDED',
      Name: 'gone',
      Arn: `arn:aws:organizations::${HUB}:account/${t.organization.organizationId}/${SUSPENDED_MEMBER}`,
    });
    expect(Accounts.find((account) => account.Id === HUB)).toMatchObject({ Status: 'ACTIVE' });
  });

  it('describes one account, and follows a status change made after seeding', async () => {
    t.cloud.organization.setAccountStatus(MEMBER, 'SUSPENDED');
    const { Account } = await organizations.send(new DescribeAccountCommand({ AccountId: MEMBER }));
    t.cloud.organization.setAccountStatus(MEMBER, 'ACTIVE');
    const missing = await rejectionOf(
      organizations.send(new DescribeAccountCommand({ AccountId: '101010101010' })),
    );

    expect(Account).toMatchObject({
      Id: MEMBER,
      Name: 'member',
      Status: 'SUSPENDED',
      JoinedMethod: 'INVITED',
    });
    expect(Account?.JoinedTimestamp).toBeInstanceOf(Date);
    expect(missing.name).toBe('AccountNotFoundException');
  });

  it('refuses a MaxResults over 20 or under 1, and a NextToken it did not issue', async () => {
    const over = await rejectionOf(organizations.send(new ListAccountsCommand({ MaxResults: 21 })));
    const under = await rejectionOf(organizations.send(new ListAccountsCommand({ MaxResults: 0 })));
    const token = await rejectionOf(organizations.send(new ListAccountsCommand({ NextToken: 'nonsense!' })));

    expect(over).toMatchObject({ name: 'InvalidInputException', status: 400 });
    expect(under).toMatchObject({ name: 'InvalidInputException' });
    expect(token).toMatchObject({
      name: 'InvalidInputException',
      message: 'The provided NextToken is not valid.',
    });
  });

  it('lists the accounts and OUs of one parent, and each child’s parent', async () => {
    const workloads = t.organization.ous.workloads ?? '';
    const { Roots = [] } = await organizations.send(new ListRootsCommand({}));
    const { OrganizationalUnits = [] } = await organizations.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: workloads }),
    );
    const fleet = OrganizationalUnits[0]?.Id ?? '';
    const inFleet = [];
    let NextToken: string | undefined;
    do {
      const page = await organizations.send(
        new ListAccountsForParentCommand({ ParentId: fleet, MaxResults: 7, NextToken }),
      );
      inFleet.push(...(page.Accounts ?? []).map((account) => account.Id));
      NextToken = page.NextToken;
    } while (NextToken);
    const memberParents = await organizations.send(new ListParentsCommand({ ChildId: MEMBER }));
    const fleetParents = await organizations.send(new ListParentsCommand({ ChildId: fleet }));
    const hubParents = await organizations.send(new ListParentsCommand({ ChildId: HUB }));
    const unknown = await rejectionOf(
      organizations.send(new ListAccountsForParentCommand({ ParentId: 'ou-none' })),
    );

    expect(Roots.map((root) => root.Id)).toEqual([t.organization.rootId]);
    expect(t.organization.rootId).toMatch(/^r-[a-z0-9]{4}$/);
    expect(fleet).toMatch(new RegExp(`^ou-${t.organization.rootId.slice(2)}-[a-z0-9]{8}$`));
    expect(OrganizationalUnits.map((unit) => unit.Name)).toEqual(['fleet']);
    expect(inFleet).toEqual(FLEET.filter((account) => account.ou === 'fleet').map((account) => account.id));
    expect(memberParents.Parents).toEqual([{ Id: workloads, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(fleetParents.Parents).toEqual([{ Id: workloads, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(hubParents.Parents).toEqual([{ Id: t.organization.rootId, Type: 'ROOT' }]);
    expect(unknown).toMatchObject({ name: 'ParentNotFoundException' });
  });

  it('refuses listings to a member account, which may still describe its organization', async () => {
    const member = new OrganizationsClient(
      clientConfig(t.cloud, sessionCredentials(await assumeMemberRole(t))),
    );

    const listed = await rejectionOf(member.send(new ListAccountsCommand({})));
    const parents = await rejectionOf(member.send(new ListParentsCommand({ ChildId: MEMBER })));
    const described = await member.send(new DescribeOrganizationCommand({}));
    member.destroy();

    expect(listed).toMatchObject({
      name: 'AccessDeniedException',
      message: "You don't have permissions to access this resource.",
    });
    expect(parents.name).toBe('AccessDeniedException');
    expect(described.Organization?.MasterAccountId).toBe(HUB);
  });

  it('answers a management account that is not the hub, reached through a role it trusts the hub with', async () => {
    const management = '606060606060';
    const c = await startTestCloud({ accountId: HUB });
    seedOrganization(c.cloud, { managementAccountId: management, accounts: [{ id: HUB }, { id: MEMBER }] });
    c.cloud.account(management).iam.roles.create({
      roleName: 'organization-reader',
      assumeRolePolicyDocument: memberTrustPolicy(HUB, {}),
    });
    const hubClient = new OrganizationsClient(clientConfig(c.cloud));
    const assumed = await c.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${management}:role/organization-reader`,
        RoleSessionName: 'discover',
      }),
    );
    const reader = new OrganizationsClient(
      clientConfig(c.cloud, sessionCredentials(assumed.Credentials ?? {})),
    );

    const fromHub = await rejectionOf(hubClient.send(new ListAccountsCommand({})));
    const { Accounts = [] } = await reader.send(new ListAccountsCommand({}));
    const { Organization } = await hubClient.send(new DescribeOrganizationCommand({}));
    hubClient.destroy();
    reader.destroy();
    await c.close();

    expect(fromHub.name).toBe('AccessDeniedException');
    expect(Accounts.map((account) => account.Id)).toEqual([HUB, MEMBER, management].sort());
    expect(Organization?.MasterAccountId).toBe(management);
  });

  it('tells an account in no organization so', async () => {
    const lone = await startTestCloud({ accountId: '999988887777' });
    const client = new OrganizationsClient(clientConfig(lone.cloud));

    const listed = await rejectionOf(client.send(new ListAccountsCommand({})));
    const described = await rejectionOf(client.send(new DescribeOrganizationCommand({})));
    client.destroy();
    await lone.close();

    expect(listed).toMatchObject({ name: 'AWSOrganizationsNotInUseException', status: 400 });
    expect(described.name).toBe('AWSOrganizationsNotInUseException');
  });
});
