/**
 * `npm run demo`: one AWS IAM user with an Active key older than 90 days and a
 * managed secret, rotated end to end by the real synthesized workflow on the
 * embedded local cloud, with waits of a few seconds.
 */

import type { CliOutput } from '../../cli/cli-output.ts';
import { RotationProgress } from '../../cli/rotation-progress.ts';
import { printRotationSummary } from '../../cli/rotation-summary.ts';
import { secretName } from '../../lambdas/config/environment.ts';
import { seedIamUser } from '../cloud/index.ts';
import { openLocalRotator } from '../local-rotation.ts';
import { checkCurrentCredential } from './current-credential-check.ts';

export const DEMO_USER = 'demo-alice';
const DEMO_KEY_AGE_DAYS = 120;
const DEMO_WAIT_SECONDS = 3;

export async function runAwsDemo(stateDir: string, output: CliOutput): Promise<boolean> {
  const rotator = await openLocalRotator(stateDir);
  try {
    const { cloud } = rotator.aws;
    if (!cloud) {
      output.error('The demo seeds the embedded local cloud; unset AWS_ENDPOINT_URL and run it again.');
      return false;
    }
    const name = secretName('access-key-rotator', 'aws', DEMO_USER);
    const { keyIds } = seedIamUser(cloud, {
      userName: DEMO_USER,
      keys: [{ ageDays: DEMO_KEY_AGE_DAYS }],
      managedSecret: { name, keyIndex: 0 },
    });
    output.line(`Local cloud on ${cloud.endpoint} (state in ${stateDir}/)`);
    output.line(
      `Seeded IAM user ${DEMO_USER}: Active key ${keyIds[0]}, ${DEMO_KEY_AGE_DAYS} days old, in secret ${name}`,
    );
    output.line(
      `Running the synthesized state machine locally (grace ${DEMO_WAIT_SECONDS} s, deletion delay ${DEMO_WAIT_SECONDS} s)`,
    );
    output.line('');

    const progress = new RotationProgress(output);
    const executionName = `${DEMO_USER}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const { execution, evidence, evidencePath } = await rotator.rotate({
      name: executionName,
      input: {
        principal: DEMO_USER,
        gracePeriodSeconds: DEMO_WAIT_SECONDS,
        deletionDelaySeconds: DEMO_WAIT_SECONDS,
      },
      onEvent: progress.onEvent,
    });
    printRotationSummary(output, { ...execution, evidence, evidencePath });

    const current = await checkCurrentCredential(name);
    output.line(`  consumer check: AWSCURRENT key ${current.accessKeyId} signs in as ${current.callerArn}`);
    output.line(`  Lambda logs (what CloudWatch would hold): ${rotator.lambdaLogs.file}`);
    output.line(
      `  try it yourself: npx akr rotate --principal ${DEMO_USER} --local --grace 5s --deletion-delay 5s`,
    );
    return execution.status === 'SUCCEEDED' && current.accessKeyId === evidence?.newKeyId;
  } finally {
    await rotator.close();
  }
}
