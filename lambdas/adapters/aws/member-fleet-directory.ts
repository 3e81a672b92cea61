/**
 * A member account's IAM directory for the fleet: the same paged
 * GetAccountAuthorizationDetails and ListAccessKeys as the hub's, signed with
 * the member role's session (member-account-credentials.ts). One client per
 * account per container, so a warm Discover reuses its connections and the
 * cached session. Its principals are bare user names; the fleet rule adds the account.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import type { RotatorSettings } from '../../config/environment.ts';
import type { FleetDirectory } from '../../fleet/fleet-ports.ts';
import { boundedRequestHandler } from './bounded-request-handler.ts';
import { globalServiceRegion } from './global-service-region.ts';
import { iamAccessKeyProvider } from './iam-access-key-provider.ts';
import { iamFleetDirectory } from './iam-fleet-directory.ts';
import type { MemberAccountCredentials } from './member-account-credentials.ts';

export function memberFleetDirectories(
  credentials: MemberAccountCredentials,
  settings: Pick<RotatorSettings, 'userPath' | 'optInTag'>,
): (account: string) => FleetDirectory {
  const byAccount = new Map<string, FleetDirectory>();
  return (account) => {
    let directory = byAccount.get(account);
    if (directory === undefined) {
      const iam = new IAMClient({
        region: globalServiceRegion(),
        credentials: credentials(account),
        requestHandler: boundedRequestHandler(),
      });
      directory = iamFleetDirectory(iam, iamAccessKeyProvider(iam), settings);
      byAccount.set(account, directory);
    }
    return directory;
  };
}
