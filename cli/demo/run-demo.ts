/**
 * `npm run demo`: one embedded local cloud, then one AWS IAM user and one
 * Yandex service account rotated end to end by the real synthesized state
 * machines, with waits of a few seconds.
 */

import { servedServicesText } from '@access-key-rotator/local-cloud';
import { openLocalAwsEndpoint } from '../../local/local-aws-endpoint.ts';
import type { CliOutput } from '../cli-output.ts';
import { runAwsDemo } from './aws-demo.ts';
import { prepareDemoWorld } from './demo-world.ts';
import { runFleetDemo } from './fleet-demo.ts';
import { writeOrganizationSettings } from './organization-world.ts';
import { runYandexDemo } from './yandex-demo.ts';

/** The default of every akr command's `--state-dir`. */
const DEFAULT_STATE_DIR = '.akr';

/** The README's Operate commands, pointed at the demo's world when it is not the default one. */
function printTryItYourself(stateDir: string, output: CliOutput): void {
  const dir = stateDir === DEFAULT_STATE_DIR ? '' : ` --state-dir ${stateDir}`;
  output.line(
    `Try it yourself: the akr commands read this world (${stateDir}/)${dir ? ' with --state-dir' : ''}:`,
  );
  output.line(`  npx akr status --local${dir}`);
  output.line(`  npx akr evidence --local${dir}`);
  output.line(`  npx akr fleet --local --dry-run${dir}`);
  output.line(`  npx akr rotate --principal demo-alice --local${dir} --grace 5s --deletion-delay 5s`);
  output.line(`  npx akr rotate --provider yandex --principal ajedemoserviceacct01 --local${dir} --grace 5s`);
}

export async function runDemo(stateDir: string, output: CliOutput): Promise<boolean> {
  if (process.env.AWS_ENDPOINT_URL) {
    output.error('The demo seeds the embedded local cloud; unset AWS_ENDPOINT_URL and run it again.');
    return false;
  }
  const world = prepareDemoWorld(stateDir);
  if (!world.ready) {
    output.error(`The demo did not start: ${world.reason}`);
    return false;
  }
  if (world.replaced) output.line(`Starting afresh: replaced ${world.replaced}`);
  writeOrganizationSettings(stateDir);
  const endpoint = await openLocalAwsEndpoint(stateDir);
  try {
    const cloud = endpoint.cloud;
    if (!cloud) return false;
    output.line(
      `Local cloud on ${endpoint.endpoint}, state in ${stateDir}/ (${servedServicesText(cloud.services)})`,
    );
    output.line('');
    const aws = await runAwsDemo(stateDir, endpoint, cloud, output);
    output.line('');
    const yandex = await runYandexDemo(stateDir, endpoint, cloud, output);
    output.line('');
    const fleet = await runFleetDemo(stateDir, endpoint, cloud, output);
    output.line('');
    output.line(`Lambda logs (what CloudWatch would hold): ${stateDir}/logs/lambda.log`);
    printTryItYourself(stateDir, output);
    return aws && yandex && fleet;
  } finally {
    await endpoint.close();
  }
}
