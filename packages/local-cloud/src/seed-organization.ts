/**
 * Seeds an organization: OUs, and member accounts (each with its own, empty,
 * IAM and Secrets Manager) under the root or an OU, ACTIVE or SUSPENDED. The
 * home account is the management account unless another is named; it is
 * always in the organization. Seeding again adds to the same organization
 * (an account seeded again is moved and updated). All of it is one change.
 */
import type { AccountStatus } from './organizations/organization-store.ts';
import type { LocalCloud } from './start-local-cloud.ts';
import { checkAccountId } from './state/account-of-state.ts';

export interface SeedOrganizationAccount {
  readonly id: string;
  /** @default `account-<id>` */
  readonly name?: string;
  /** @default `<id>@example.com` */
  readonly email?: string;
  /** The name of an OU of `ous` (or one seeded before); @default the root */
  readonly ou?: string;
  /** @default 'ACTIVE' */
  readonly status?: AccountStatus;
}

export interface SeedOrganizationSpec {
  readonly accounts: readonly SeedOrganizationAccount[];
  /** OUs by name, each under the root or under the OU named `parent` (listed before it). */
  readonly ous?: readonly { readonly name: string; readonly parent?: string }[];
  /** @default a random `o-` id; only used when the organization is created */
  readonly organizationId?: string;
  /** @default the cloud's home account */
  readonly managementAccountId?: string;
}

export interface SeededOrganization {
  readonly organizationId: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  /** OU ids by name. */
  readonly ous: Readonly<Record<string, string>>;
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** @throws Error for a malformed account or organization id, an unknown OU name, or a name used twice. */
export function seedOrganization(cloud: LocalCloud, spec: SeedOrganizationSpec): SeededOrganization {
  for (const account of spec.accounts) checkAccountId(account.id, 'accounts.id');
  if (spec.organizationId !== undefined && !ORGANIZATION_ID.test(spec.organizationId))
    throw new Error(
      `seedOrganization: organizationId ${spec.organizationId} is not o- and 10 to 32 of a-z0-9`,
    );
  const managementAccountId = spec.managementAccountId ?? cloud.accountId;
  checkAccountId(managementAccountId, 'managementAccountId');
  return cloud.batch(() => {
    const organization = cloud.organization.ensure({
      managementAccountId,
      email: `${managementAccountId}@example.com`,
      ...(spec.organizationId !== undefined && { id: spec.organizationId }),
    });
    const ous: Record<string, string> = Object.fromEntries(
      Object.values(organization.organizationalUnits).map((unit) => [unit.name, unit.id]),
    );
    const ouId = (name: string | undefined) => {
      if (name === undefined) return organization.rootId;
      const id = ous[name];
      if (id === undefined) throw new Error(`seedOrganization: no OU named ${name}`);
      return id;
    };
    for (const ou of spec.ous ?? []) {
      if (ous[ou.name] !== undefined) throw new Error(`seedOrganization: OU ${ou.name} exists already`);
      ous[ou.name] = cloud.organization.addOrganizationalUnit(ou.name, ouId(ou.parent));
    }
    const listed = new Set(spec.accounts.map((account) => account.id));
    const accounts = [
      ...(organization.accounts[managementAccountId] || listed.has(managementAccountId)
        ? []
        : [{ id: managementAccountId, name: 'management' }]),
      ...spec.accounts,
    ];
    for (const account of accounts) {
      if (account.id !== cloud.accountId) cloud.addAccount(account.id);
      cloud.organization.putAccount({
        id: account.id,
        name: account.name ?? `account-${account.id}`,
        email: account.email ?? `${account.id}@example.com`,
        status: account.status ?? 'ACTIVE',
        parentId: ouId(account.ou),
      });
    }
    return { organizationId: organization.id, rootId: organization.rootId, managementAccountId, ous };
  });
}
