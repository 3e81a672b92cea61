/**
 * The AWS half of `npm run demo`: an IAM user with an Active key older than
 * 90 days and a managed secret, rotated end to end.
 */

import { type LocalCloud, seedIamUser } from '@access-key-rotator/local-cloud';
import { DEFAULT_SETTINGS, OPTED_IN_TAGS, secretName } from '../../lambdas/config/environment.ts';
import type { LocalAwsEndpoint } from '../../local/local-aws-endpoint.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import type { CliOutput } from '../cli-output.ts';
import { checkCurrentCredential } from './current-credential-check.ts';
import { DEMO_WAIT_SECONDS, runDemoRotation } from './demo-rotation.ts';

export const DEMO_USER = 'demo-alice';
const DEMO_KEY_AGE_DAYS = 120;

export async function runAwsDemo(
  stateDir: string,
  endpoint: LocalAwsEndpoint,
  cloud: LocalCloud,
  output: CliOutput,
): Promise<boolean> {
  const name = secretName('access-key-rotator', 'aws', DEMO_USER);
  const { keyIds } = seedIamUser(cloud, {
    userName: DEMO_USER,
    // Opted in: by default the rotator changes only the keys of users that carry this tag.
    tags: OPTED_IN_TAGS,
    keys: [{ ageDays: DEMO_KEY_AGE_DAYS }],
    managedSecret: { name, keyIndex: 0 },
  });
  output.line(
    `AWS: seeded IAM user ${DEMO_USER} (opted in: tag ${DEFAULT_SETTINGS.optInTag}) with Active key ${keyIds[0]}, ${DEMO_KEY_AGE_DAYS} days old, in ${name}`,
  );
  output.line(
    `AWS: running the synthesized state machine (grace ${DEMO_WAIT_SECONDS} s, deletion delay ${DEMO_WAIT_SECONDS} s)`,
  );
  output.line('');
  const rotator = await openLocalRotator(stateDir, { provider: 'aws', endpoint });
  try {
    return await runDemoRotation(rotator, DEMO_USER, () => checkCurrentCredential(name), output);
  } finally {
    await rotator.close();
  }
}
