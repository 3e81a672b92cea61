/**
 * Reads the current keys of every principal in scope through the same ports
 * the fleet uses (FleetDirectory: IAM GetAccountAuthorizationDetails and
 * ListAccessKeys on AWS, the configured service accounts on Yandex) plus each
 * key's last use (GetAccessKeyLastUsed, or the Yandex key's lastUsedAt). The
 * same code reads the local cloud, LocalStack or a real account.
 *
 * Calls are bounded (IAM throttles) and only read. A principal deleted
 * between listing and reading is left out, as Discover does.
 */
import type { FleetSettings } from '../../lambdas/config/fleet-environment.ts';
import { mapWithConcurrency } from '../../lambdas/fleet/bounded-concurrency.ts';
import type { FleetDirectory, FleetPrincipal } from '../../lambdas/fleet/fleet-ports.ts';
import { exemptionOf } from '../../lambdas/fleet/principal-scope.ts';
import type { AccessKeyProvider } from '../../lambdas/rotation/ports.ts';
import { PrincipalNotFoundError } from '../../lambdas/rotation/rotation-errors.ts';
import type { PrincipalKeys } from './key-inventory.ts';

export interface InventorySource {
  readonly directory: FleetDirectory;
  readonly keys: Pick<AccessKeyProvider, 'lastUsedAt'>;
  readonly exemptions: Pick<FleetSettings, 'exemptTag' | 'exemptGroups'>;
}

export interface CollectOptions {
  /** Principals read at once. @default 4 */
  readonly concurrency?: number;
  /** Called after each principal, for progress on long reads. */
  readonly onPrincipal?: (done: number, total: number) => void;
}

async function keysOf(
  source: InventorySource,
  principal: FleetPrincipal,
): Promise<PrincipalKeys | undefined> {
  try {
    const keys = await source.directory.listKeys(principal.principal);
    const withUse = [];
    for (const key of keys) {
      const lastUsedAt = await source.keys.lastUsedAt(principal.principal, key.keyId);
      withUse.push({ ...key, lastUsedAt: lastUsedAt ?? null });
    }
    const exemption = exemptionOf(principal, source.exemptions);
    return {
      provider: source.directory.provider,
      principal: principal.principal,
      ...(exemption !== undefined && { exemption }),
      keys: withUse,
    };
  } catch (error) {
    if (error instanceof PrincipalNotFoundError) return undefined;
    throw error;
  }
}

export async function collectInventory(
  source: InventorySource,
  options: CollectOptions = {},
): Promise<PrincipalKeys[]> {
  const principals: FleetPrincipal[] = [];
  for await (const principal of source.directory.listPrincipals()) principals.push(principal);
  let done = 0;
  const found = await mapWithConcurrency(principals, options.concurrency ?? 4, async (principal) => {
    const entry = await keysOf(source, principal);
    options.onPrincipal?.(++done, principals.length);
    return entry;
  });
  return found.filter((entry): entry is PrincipalKeys => entry !== undefined);
}
