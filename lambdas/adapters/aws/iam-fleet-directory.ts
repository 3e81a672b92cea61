/**
 * FleetDirectory for IAM users.
 *
 * `GetAccountAuthorizationDetails` with `Filter: ['User']` returns every user
 * with its Path, Tags and GroupList, 100 to a page. The alternative, ListUsers
 * then ListUserTags and ListGroupsForUser for each user, is three calls per
 * user against an API that throttles; for 1,000 users that is 3,000 calls
 * instead of 10. The API has no path filter, so the user path and the opt-in
 * tag are applied here, on each page, by the same rule Plan enforces.
 */
import { GetAccountAuthorizationDetailsCommand, type IAMClient, type UserDetail } from '@aws-sdk/client-iam';
import type { RotatorSettings } from '../../config/environment.ts';
import type { FleetDirectory, FleetPrincipal } from '../../fleet/fleet-ports.ts';
import { isInScope } from '../../fleet/principal-scope.ts';
import type { AccessKeyProvider } from '../../rotation/ports.ts';
import { callAws } from './transient-errors.ts';

/** A ceiling on paging: 100 users a page, so far above IAM's 5,000-users-per-account quota. */
const MAX_PAGES = 1_000;

function toPrincipal(user: UserDetail): FleetPrincipal | undefined {
  if (!user.UserName) return undefined;
  const tags: Record<string, string> = {};
  for (const tag of user.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return { principal: user.UserName, path: user.Path ?? '/', tags, groups: user.GroupList ?? [] };
}

export function iamFleetDirectory(
  iam: IAMClient,
  keys: Pick<AccessKeyProvider, 'listKeys'>,
  settings: Pick<RotatorSettings, 'userPath' | 'optInTag'>,
): FleetDirectory {
  return {
    provider: 'aws',

    async *listPrincipals() {
      let marker: string | undefined;
      let pages = 0;
      do {
        pages += 1;
        if (pages > MAX_PAGES)
          throw new Error(`IAM GetAccountAuthorizationDetails exceeded ${MAX_PAGES} pages`);
        const page = await callAws('IAM GetAccountAuthorizationDetails', () =>
          iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], Marker: marker })),
        );
        for (const user of page.UserDetailList ?? []) {
          const principal = toPrincipal(user);
          if (principal !== undefined && isInScope(principal, settings)) yield principal;
        }
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    },

    listKeys: (principal) => keys.listKeys(principal),
  };
}
