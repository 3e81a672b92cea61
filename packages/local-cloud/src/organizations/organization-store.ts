/**
 * The organization the local cloud's accounts belong to: a root, OUs under it
 * (and under each other), and accounts, each ACTIVE or SUSPENDED, under the
 * root or an OU. Seeded directly (seed-organization.ts); served read-only by
 * the Organizations API.
 */
import { randomInt } from 'node:crypto';
import { stateCopy } from '../state/change-recorder.ts';
import type {
  StoredOrganization,
  StoredOrganizationAccount,
  StoredOrganizationalUnit,
} from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';

export type Organization = Readonly<StoredOrganization>;
export type OrganizationAccount = Readonly<StoredOrganizationAccount>;
export type OrganizationalUnit = Readonly<StoredOrganizationalUnit>;
export type AccountStatus = StoredOrganizationAccount['status'];

const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  let text = '';
  while (text.length < length) text += LOWER_ALPHANUMERIC[randomInt(LOWER_ALPHANUMERIC.length)];
  return text;
}

export interface AddAccountSpec {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: AccountStatus;
  readonly parentId: string;
}

export class OrganizationStore {
  readonly #state: CloudStateStore;

  constructor(state: CloudStateStore) {
    this.#state = state;
  }

  /** The organization, if any, as it is now (a copy). */
  describe(): Organization | undefined {
    const organization = this.#state.read().organization;
    return organization && stateCopy(organization);
  }

  /** The organization `accountId` is in, if any. */
  organizationIdOf(accountId: string): string | undefined {
    const organization = this.#state.read().organization;
    return organization && Object.hasOwn(organization.accounts, accountId) ? organization.id : undefined;
  }

  /** Creates the organization (with its root) unless there is one; either way returns it. */
  ensure(spec: {
    readonly managementAccountId: string;
    readonly id?: string;
    readonly email: string;
  }): Organization {
    return this.#state.mutate((draft) => {
      if (!draft.organization) {
        const rootId = `r-${randomText(4)}`;
        draft.organization = {
          id: spec.id ?? `o-${randomText(10)}`,
          managementAccountId: spec.managementAccountId,
          managementAccountEmail: spec.email,
          rootId,
          organizationalUnits: {},
          accounts: {},
        };
      }
      return stateCopy(draft.organization);
    });
  }

  /** @returns the new OU's id (`ou-<root>-<8>`, as Organizations shapes them). */
  addOrganizationalUnit(name: string, parentId: string): string {
    return this.#state.mutate((draft) => {
      const organization = existing(draft.organization);
      if (parentId !== organization.rootId && !organization.organizationalUnits[parentId])
        throw new Error(`seedOrganization: no root or OU ${parentId}`);
      const id = `ou-${organization.rootId.slice(2)}-${randomText(8)}`;
      organization.organizationalUnits[id] = { id, name, parentId };
      return id;
    });
  }

  /** Adds the account, or moves and updates it when it is there already. */
  putAccount(spec: AddAccountSpec): void {
    this.#state.mutate((draft) => {
      const organization = existing(draft.organization);
      const before = organization.accounts[spec.id];
      organization.accounts[spec.id] = {
        ...spec,
        joinedMethod: spec.id === organization.managementAccountId ? 'CREATED' : 'INVITED',
        joinedTimestamp: before?.joinedTimestamp ?? new Date().toISOString(),
      };
    });
  }

  setAccountStatus(accountId: string, status: AccountStatus): void {
    this.#state.mutate((draft) => {
      const account = existing(draft.organization).accounts[accountId];
      if (!account) throw new Error(`the organization has no account ${accountId}`);
      account.status = status;
    });
  }
}

function existing(organization: StoredOrganization | undefined): StoredOrganization {
  if (!organization) throw new Error('the local cloud has no organization: seed one with seedOrganization');
  return organization;
}
