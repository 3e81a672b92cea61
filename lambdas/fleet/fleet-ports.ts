/**
 * Ports: what the fleet rules need from the outside world. A FleetDirectory
 * answers "who is in scope, and what keys do they have"; the rotation lock
 * answers "is a rotation of this principal already running". Adapters in
 * `lambdas/adapters/<provider>/` implement them; tests pass in-memory fakes.
 */
import type { AccountScope } from '../config/account-scope.ts';
import type { FleetSettings } from '../config/fleet-environment.ts';
import type { AccessKeySummary, Clock, RotationLock, RotationPorts } from '../rotation/ports.ts';
import type { Provider } from '../rotation/rotation-state.ts';

export interface FleetPrincipal {
  /** IAM user name on AWS, service-account id on Yandex. */
  readonly principal: string;
  /** IAM user path such as `/` or `/service/`; absent for providers without paths. */
  readonly path?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** IAM group names; empty for providers without groups. */
  readonly groups: readonly string[];
}

/** One provider's principals, as the fleet sees them. */
export interface FleetDirectory {
  readonly provider: Provider;
  /**
   * Every principal in scope: under `RotatorSettings.userPath` and carrying
   * `RotatorSettings.optInTag` when one is configured (see principal-scope.ts).
   */
  listPrincipals(): AsyncIterable<FleetPrincipal>;
  /** The AccessKeyProvider's listKeys. @throws PrincipalNotFoundError when the principal vanished meanwhile. */
  listKeys(principal: string): Promise<AccessKeySummary[]>;
}

/** An account as Organizations lists it. */
export interface OrganizationAccount {
  readonly id: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED…: only ACTIVE accounts are rotated. */
  readonly state: string;
}

/** Organizations, read-only and paged. */
export interface OrganizationDirectory {
  listAccounts(): AsyncIterable<OrganizationAccount>;
  /** The accounts directly in one OU (not in its child OUs). */
  listAccountsForParent(parentId: string): AsyncIterable<OrganizationAccount>;
}

/** How Discover reaches accounts other than the hub. */
export interface FleetAccounts {
  readonly hubAccountId: string;
  readonly scope: AccountScope;
  readonly organization: OrganizationDirectory;
  /** A member account's directory, through its member role: principals `<account>/<user>`. */
  directoryOf(account: string): FleetDirectory;
}

/** The work bucket: JSON objects a run writes and reads back. */
export interface FleetWorkStore {
  readonly bucket: string;
  putJson(key: string, value: unknown): Promise<void>;
  getJson(key: string): Promise<unknown>;
}

/** Everything Discover may use. Discover only reads accounts: the lock is only asked who holds it. */
export interface FleetPorts {
  /** The hub account's directory (bare principals, exactly as a single-account deployment). */
  readonly directory: FleetDirectory;
  /** Undefined: the hub only, as always (also every Yandex deployment). */
  readonly accounts?: FleetAccounts;
  /** Where the due items go for the Map to read. */
  readonly workStore: FleetWorkStore;
  readonly lock: Pick<RotationLock, 'holder'>;
  readonly clock: Clock;
  /** The rotation's settings: provider, default durations, user path, opt-in tag. */
  readonly settings: RotationPorts['settings'];
  /** The fleet's own: policy age, exemptions, concurrency. */
  readonly fleetSettings: FleetSettings;
}
