/**
 * FleetDirectory for Yandex Cloud: the service accounts the deployment names
 * (AKR_YANDEX_SERVICE_ACCOUNTS). The fleet does not list the folder's
 * accounts: the rotator's own account would then need the right to see every
 * account, and rotating one it was not told about could break a consumer
 * nobody set up a secret for. Service accounts carry labels, not tags, and
 * belong to no groups, so both are empty.
 */
import type { RotatorSettings } from '../../config/environment.ts';
import type { FleetDirectory, FleetPrincipal } from '../../fleet/fleet-ports.ts';
import { isInScope } from '../../fleet/principal-scope.ts';
import type { AccessKeyProvider } from '../../rotation/ports.ts';

/**
 * The scope rule still applies, as in Plan: with a user path other than `/`
 * or an opt-in tag configured, no service account is in scope, and Discover
 * reports none rather than start children that Plan would refuse.
 */
export function yandexFleetDirectory(
  serviceAccounts: readonly string[],
  keys: Pick<AccessKeyProvider, 'listKeys'>,
  settings: Pick<RotatorSettings, 'userPath' | 'optInTag'>,
): FleetDirectory {
  return {
    provider: 'yandex',

    async *listPrincipals() {
      for (const principal of serviceAccounts) {
        const candidate: FleetPrincipal = { principal, tags: {}, groups: [] };
        if (isInScope(candidate, settings)) yield candidate;
      }
    },

    listKeys: (principal) => keys.listKeys(principal),
  };
}
