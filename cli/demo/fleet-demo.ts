/**
 * The fleet part of `npm run demo`: a few IAM users of different key ages,
 * one exempt, in the hub, and one due user in each member account of the
 * demo's organization, rotated by the synthesized fleet workflow: Discover
 * picks who is due in every account it can read, a Map per account starts
 * one child rotation each, Summarize reports by account.
 */

import { type LocalCloud, seedIamUser } from '@access-key-rotator/local-cloud';
import { OPTED_IN_TAGS } from '../../lambdas/config/environment.ts';
import { FLEET_DEFAULTS } from '../../lambdas/config/fleet-environment.ts';
import type { FleetDiscovery } from '../../lambdas/fleet/fleet-state.ts';
import type { LocalAwsEndpoint } from '../../local/local-aws-endpoint.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import type { CliOutput } from '../cli-output.ts';
import { childEventReporter, printDiscovery, printFleetSummary } from '../fleet-report.ts';
import { DEMO_WAIT_SECONDS } from './demo-rotation.ts';
import { DEMO_MEMBERS, seedOrganizationWorld } from './organization-world.ts';

const FLEET = [
  { userName: 'fleet-bob', ageDays: 120, note: 'due' },
  { userName: 'fleet-carol', ageDays: 95, note: 'due' },
  { userName: 'fleet-dan', ageDays: 200, note: `exempt (tag ${FLEET_DEFAULTS.exemptTag})`, exempt: true },
  { userName: 'fleet-erin', ageDays: 10, note: 'too young' },
];

export async function runFleetDemo(
  stateDir: string,
  endpoint: LocalAwsEndpoint,
  cloud: LocalCloud,
  output: CliOutput,
): Promise<boolean> {
  for (const user of FLEET) {
    seedIamUser(cloud, {
      userName: user.userName,
      keys: [{ ageDays: user.ageDays }],
      managedSecret: { name: `access-key-rotator/aws/${user.userName}`, keyIndex: 0 },
      tags: { ...OPTED_IN_TAGS, ...(user.exempt && { [FLEET_DEFAULTS.exemptTag]: 'true' }) },
    });
    output.line(`Fleet: seeded ${user.userName}, key ${user.ageDays} days old (${user.note})`);
  }
  await seedOrganizationWorld(cloud, stateDir, output);
  output.line('Fleet: running the synthesized fleet state machine (what the daily schedule starts)');
  output.line('');
  const rotator = await openLocalRotator(stateDir, { provider: 'aws', endpoint });
  try {
    const { execution, summary } = await rotator.runFleet({
      name: `fleet-aws-${new Date().toISOString().replace(/[:.]/g, '-')}`,
      input: { gracePeriodSeconds: DEMO_WAIT_SECONDS, deletionDelaySeconds: DEMO_WAIT_SECONDS },
      onEvent: (event) => {
        if (event.type === 'StateExited' && event.stateName === 'Discover') {
          printDiscovery(output, (event.output as { discovery: FleetDiscovery }).discovery);
        }
      },
      onChildEvent: childEventReporter(output),
    });
    if (summary) printFleetSummary(output, summary);
    const rotated = new Set(summary?.rotated.map((entry) => entry.principal));
    const unreadable = new Set(summary?.unreadableAccounts.map((entry) => entry.account));
    const [withRole, withoutRole] = DEMO_MEMBERS;
    return (
      execution.status === 'SUCCEEDED' &&
      rotated.has('fleet-bob') &&
      rotated.has('fleet-carol') &&
      rotated.has(`${withRole.id}/${withRole.user}`) &&
      !rotated.has('fleet-dan') &&
      !rotated.has('fleet-erin') &&
      unreadable.has(withoutRole.id) &&
      !unreadable.has(withRole.id)
    );
  } finally {
    await rotator.close();
  }
}
