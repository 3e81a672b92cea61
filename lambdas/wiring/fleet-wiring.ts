/**
 * The ports the fleet's Discover and Summarize pass to their rules, built once
 * per container for the provider the deployment serves (AKR_PROVIDER). They
 * reuse the rotation's key provider, lock and clock, so the fleet reads keys
 * and locks exactly as a rotation does. Building them makes no network call,
 * and a misconfigured setting fails at cold start.
 *
 * On AWS, member accounts are read with their own clients (the member role's
 * session, account-clients.ts) and the organization through the organization
 * role (or the hub's credentials);
 * with no account setting the hub is the only account, exactly as before.
 */

import { iamClient } from '../adapters/aws/iam-clients.ts';
import { iamFleetDirectory } from '../adapters/aws/iam-fleet-directory.ts';
import { memberFleetDirectories } from '../adapters/aws/member-fleet-directory.ts';
import { organizationsClient, organizationsDirectory } from '../adapters/aws/organizations-directory.ts';
import { yandexFleetDirectory } from '../adapters/yandex/yandex-fleet-directory.ts';
import { fleetSettings, rotatorSettings } from '../config/container-settings.ts';
import type { FleetAccounts, FleetDirectory, FleetPorts } from '../fleet/fleet-ports.ts';
import { accessKeys } from './access-keys.ts';
import { accountScope, clientsOfAccount, hubAccountId } from './account-clients.ts';
import { fleetWorkStore } from './fleet-work-store.ts';
import { rotationLock } from './rotation-lock.ts';
import { systemClock } from './system-clock.ts';

const directory: FleetDirectory =
  rotatorSettings.provider === 'yandex'
    ? yandexFleetDirectory(fleetSettings.yandexServiceAccounts, accessKeys, rotatorSettings)
    : iamFleetDirectory(iamClient, accessKeys, rotatorSettings);

/** Undefined on Yandex, and on AWS until the hub's id is known (then Discover takes it from its execution ARN). */
function fleetAccounts(): FleetAccounts | undefined {
  if (rotatorSettings.provider !== 'aws') return undefined;
  const scope = accountScope;
  if (hubAccountId === undefined) {
    if (scope.source.kind === 'hub-only') return undefined;
    throw new Error('AKR_HUB_ACCOUNT_ID must be set when AKR_ACCOUNTS names member accounts');
  }
  return {
    hubAccountId,
    scope,
    organization: organizationsDirectory(
      organizationsClient(scope.organizationRoleArn, scope.memberExternalId),
    ),
    directoryOf: memberFleetDirectories((account) => clientsOfAccount(account).iam, rotatorSettings),
  };
}

export const fleetPorts: FleetPorts = {
  directory,
  accounts: fleetAccounts(),
  workStore: fleetWorkStore,
  lock: rotationLock,
  clock: systemClock,
  settings: rotatorSettings,
  fleetSettings,
};
