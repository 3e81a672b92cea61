/**
 * A member account's IAM directory for the fleet: the same paged
 * GetAccountAuthorizationDetails and ListAccessKeys as the hub's, sent with
 * that account's IAM client (signed with the member role's session, see
 * account-clients.ts). One directory per account per container, so a warm
 * Discover reuses its connections and the cached session. Its principals are
 * bare user names; the fleet rule adds the account.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { RotatorSettings } from '../../config/environment.ts';
import type { FleetDirectory } from '../../fleet/fleet-ports.ts';
import { iamAccessKeyProvider } from './iam-access-key-provider.ts';
import { iamFleetDirectory } from './iam-fleet-directory.ts';

export function memberFleetDirectories(
  iamOf: (account: string) => IAMClient,
  settings: Pick<RotatorSettings, 'userPath' | 'optInTag'>,
): (account: string) => FleetDirectory {
  const byAccount = new Map<string, FleetDirectory>();
  return (account) => {
    let directory = byAccount.get(account);
    if (directory === undefined) {
      const iam = iamOf(account);
      directory = iamFleetDirectory(iam, iamAccessKeyProvider(iam), settings);
      byAccount.set(account, directory);
    }
    return directory;
  };
}
