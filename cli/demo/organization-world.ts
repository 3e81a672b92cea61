/**
 * The demo's organization: the hub (the local cloud's home account, also the
 * management account) and two member accounts. One has the member role
 * deployed from the synthesized member stack; the other never got it, so
 * the fleet reports that account as unreadable while the others rotate.
 * The world's settings (`.akr/context.json`) name the organization, so every
 * akr command on the demo's world sees the same deployment.
 */
import { type LocalCloud, seedIamUser, seedOrganization } from '@access-key-rotator/local-cloud';
import { ACCOUNTS_FROM_ORGANIZATION } from '../../lambdas/config/account-scope.ts';
import { OPTED_IN_TAGS, secretName } from '../../lambdas/config/environment.ts';
import { deployMemberRole } from '../../local/member-role.ts';
import { writeWorldSettings } from '../../local/workflow/world-settings.ts';
import type { CliOutput } from '../cli-output.ts';

export const DEMO_MEMBERS = [
  { id: '111111111111', name: 'payments', memberRole: true, user: 'pay-frank', ageDays: 130 },
  { id: '222222222222', name: 'analytics', memberRole: false, user: 'ana-gina', ageDays: 140 },
] as const;

/** Before any rotator opens: the template every later command synthesizes is the organization's. */
export function writeOrganizationSettings(stateDir: string): void {
  writeWorldSettings(stateDir, { 'akr:accounts': ACCOUNTS_FROM_ORGANIZATION });
}

export async function seedOrganizationWorld(
  cloud: LocalCloud,
  stateDir: string,
  output: CliOutput,
): Promise<void> {
  seedOrganization(cloud, { accounts: DEMO_MEMBERS.map(({ id, name }) => ({ id, name })) });
  output.line(`Organization: hub and management account ${cloud.accountId}, members:`);
  for (const member of DEMO_MEMBERS) {
    if (member.memberRole) await deployMemberRole(cloud, stateDir, member.id);
    const principal = `${member.id}/${member.user}`;
    seedIamUser(
      cloud,
      {
        userName: member.user,
        keys: [{ ageDays: member.ageDays }],
        managedSecret: { name: secretName('access-key-rotator', 'aws', principal), keyIndex: 0 },
        tags: OPTED_IN_TAGS,
      },
      { account: member.id },
    );
    const role = member.memberRole
      ? 'member role deployed (the AccessKeyRotatorMember stack)'
      : 'no member role: the fleet reports it and goes on';
    output.line(`  ${member.id} ${member.name}: ${member.user}, key ${member.ageDays} days old; ${role}`);
  }
}
