/**
 * Seeds many IAM users at once, for benchmarks and fleet tests: each spec is
 * applied exactly like `seedIamUser`, but all of them as one state change, so
 * the state is written once (one transaction) instead of several times per user.
 */
import { type SeedIamUserOptions, type SeedIamUserSpec, seedIamUser } from './seed-iam-user.ts';
import type { LocalCloud } from './start-local-cloud.ts';

/**
 * All or nothing: if any spec is refused, nothing is seeded.
 * @param options.account the account the users are made in (a member's, seeded first); @default the home account
 * @returns each user's new key ids, in the order of `specs`.
 * @throws Error when two specs name the same user (IAM names ignore case).
 */
export function seedIamFleet(
  cloud: LocalCloud,
  specs: readonly SeedIamUserSpec[],
  options: SeedIamUserOptions = {},
): { userName: string; keyIds: string[] }[] {
  const seen = new Set<string>();
  for (const { userName } of specs) {
    const id = userName.toLowerCase();
    if (seen.has(id)) throw new Error(`seedIamFleet: user ${userName} appears twice`);
    seen.add(id);
  }
  return cloud.batch(() =>
    specs.map((spec) => ({ userName: spec.userName, ...seedIamUser(cloud, spec, options) })),
  );
}
