/**
 * Ports: what the fleet rules need from the outside world. A FleetDirectory
 * answers "who is in scope, and what keys do they have"; the rotation lock
 * answers "is a rotation of this principal already running". Adapters in
 * `lambdas/adapters/<provider>/` implement them; tests pass in-memory fakes.
 */
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

/** Everything Discover may use. Discover only reads: the lock is only asked who holds it. */
export interface FleetPorts {
  readonly directory: FleetDirectory;
  readonly lock: Pick<RotationLock, 'holder'>;
  readonly clock: Clock;
  /** The rotation's settings: provider, default durations, user path, opt-in tag. */
  readonly settings: RotationPorts['settings'];
  /** The fleet's own: policy age, exemptions, concurrency. */
  readonly fleetSettings: FleetSettings;
}
