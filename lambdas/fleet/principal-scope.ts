/**
 * Which principals the fleet looks at, and which of those it must leave alone.
 *
 * Scope is the same one Plan enforces (user path, opt-in tag), so Discover
 * never schedules a child rotation that Plan would refuse with
 * PrincipalNotInScopeError. The directories apply it while listing; it lives
 * here, pure, so both providers agree and tests can state it.
 *
 * Exemptions are approved ones (auditors ask for them): a principal carrying
 * the exempt tag, or belonging to an exempt IAM group, is never rotated by the
 * fleet. It can still be rotated on demand; the exemption only keeps the
 * schedule away.
 */
import type { RotatorSettings } from '../config/environment.ts';
import type { FleetSettings } from '../config/fleet-environment.ts';
import type { FleetPrincipal } from './fleet-ports.ts';

export interface TagRule {
  readonly key: string;
  /** Undefined: the tag's presence is enough, whatever its value. */
  readonly value: string | undefined;
}

export interface ScopedPrincipal {
  readonly path?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** `key` when any value will do, else `key=value`: the same spelling as the settings. */
export function describeTag(tag: TagRule): string {
  return tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`;
}

export function hasTag(tags: Readonly<Record<string, string>>, tag: TagRule): boolean {
  // An own property only: a tag named "constructor" must not match Object's prototype.
  if (!Object.hasOwn(tags, tag.key)) return false;
  return tag.value === undefined || tags[tag.key] === tag.value;
}

/**
 * Normal path: true when the principal's path starts with the configured user
 * path and, if an opt-in tag is configured, the principal carries it.
 * Failure path: none; a principal without a path (Yandex) is in scope only
 * when no path restriction is configured, exactly as Plan decides.
 */
export function isInScope(
  principal: ScopedPrincipal,
  settings: Pick<RotatorSettings, 'userPath' | 'optInTag'>,
): boolean {
  const path = principal.path ?? (settings.userPath === '/' ? '/' : undefined);
  if (path === undefined || !path.startsWith(settings.userPath)) return false;
  return settings.optInTag === undefined || hasTag(principal.tags, settings.optInTag);
}

/**
 * Normal path: undefined when the principal is not exempt.
 * Exempt: the reason, for the skip's detail ("tag access-key-rotator:exempt",
 * "member of exempt group break-glass"). A tag configured as `key=value`
 * exempts only that value, so `exempt=false` does not exempt anyone.
 */
export function exemptionOf(
  principal: FleetPrincipal,
  settings: Pick<FleetSettings, 'exemptTag' | 'exemptGroups'>,
): string | undefined {
  const tag = settings.exemptTag;
  if (tag !== undefined && hasTag(principal.tags, tag)) return `tag ${describeTag(tag)}`;
  // IAM group names are unique regardless of case, so `Break-Glass` configured matches `break-glass`.
  const exempt = new Set(settings.exemptGroups.map((name) => name.toLowerCase()));
  const group = principal.groups.find((name) => exempt.has(name.toLowerCase()));
  return group === undefined ? undefined : `member of exempt group ${group}`;
}
