/**
 * The world a fleet benchmark runs in: N due IAM users (key 120 days old,
 * managed secret in the hub), spread evenly over the hub and `accounts − 1`
 * member accounts. Member accounts get the member role the hub assumes (its
 * trust policy as the member stack writes it: the hub's root, the external
 * id, step roles under /access-key-rotator/) and the world's settings name
 * them (`akr:accounts`), so the synthesized app is the multi-account one.
 * Everything is seeded through the local cloud's API in one state change.
 */
import { type LocalCloud, seedIamFleet, seedOrganization } from '@access-key-rotator/local-cloud';
import { DEFAULT_ACCOUNT_SCOPE } from '../lambdas/config/account-scope.ts';
import { OPTED_IN_TAGS, secretName } from '../lambdas/config/environment.ts';
import { writeWorldSettings } from '../local/workflow/world-settings.ts';

/** Member account ids of a benchmark world: 200000000001, 200000000002, … */
export function benchMemberAccounts(accounts: number): string[] {
  return Array.from({ length: Math.max(0, accounts - 1) }, (_, i) => String(200000000001 + i));
}

function memberTrustPolicy(hub: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${hub}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'sts:ExternalId': DEFAULT_ACCOUNT_SCOPE.memberExternalId },
          ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${hub}:role/access-key-rotator/*` },
        },
      },
    ],
  };
}

/** @returns the principals seeded, as the rotator names them (`<user>` in the hub, `<account>/<user>` elsewhere). */
export function seedFleetWorld(
  cloud: LocalCloud,
  stateDir: string,
  size: number,
  accounts: number,
): string[] {
  const members = benchMemberAccounts(accounts);
  const homes = [cloud.accountId, ...members];
  if (members.length > 0) {
    seedOrganization(cloud, { accounts: members.map((id) => ({ id })) });
    writeWorldSettings(stateDir, { 'akr:accounts': members.join(',') });
  }
  const principals: string[] = [];
  cloud.batch(() => {
    for (const [index, account] of homes.entries()) {
      const hub = account === cloud.accountId;
      if (!hub)
        cloud.account(account).iam.roles.create({
          roleName: DEFAULT_ACCOUNT_SCOPE.memberRoleName,
          assumeRolePolicyDocument: memberTrustPolicy(cloud.accountId),
        });
      const users = Array.from(
        { length: Math.floor(size / homes.length) + (index < size % homes.length ? 1 : 0) },
        (_, i) => `bench-user-${String(i * homes.length + index + 1).padStart(5, '0')}`,
      );
      const names = users.map((userName) => (hub ? userName : `${account}/${userName}`));
      principals.push(...names);
      seedIamFleet(
        cloud,
        users.map((userName, i) => ({
          userName,
          tags: OPTED_IN_TAGS,
          keys: [{ ageDays: 120 }],
          managedSecret: { name: secretName('access-key-rotator', 'aws', names[i] ?? userName), keyIndex: 0 },
        })),
        { account },
      );
    }
  });
  return principals;
}
