/**
 * The Yandex half of `npm run demo`: a service account with an old static
 * key and a managed secret, rotated end to end through the Yandex IAM REST
 * API of the local cloud. Retiring is the PATCH of the key's description
 * (static keys have no status); deleting it is the real revocation.
 */

import {
  type LocalCloud,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
} from '@access-key-rotator/local-cloud';
import { DEFAULT_SETTINGS, secretName } from '../../lambdas/config/environment.ts';
import type { LocalAwsEndpoint } from '../../local/local-aws-endpoint.ts';
import { openLocalRotator } from '../../local/local-rotation.ts';
import type { CliOutput } from '../cli-output.ts';
import { checkCurrentYandexCredential } from './current-credential-check.ts';
import { runDemoRotation } from './demo-rotation.ts';

export const DEMO_SERVICE_ACCOUNT = 'ajedemoserviceacct01';
const DEMO_KEY_AGE_DAYS = 120;

export async function runYandexDemo(
  stateDir: string,
  endpoint: LocalAwsEndpoint,
  cloud: LocalCloud,
  output: CliOutput,
): Promise<boolean> {
  const name = secretName('access-key-rotator', 'yandex', DEMO_SERVICE_ACCOUNT);
  seedYandexRotatorIdentity(cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  const { keyIds } = seedYandexServiceAccount(cloud, {
    serviceAccountId: DEMO_SERVICE_ACCOUNT,
    keys: [{ ageDays: DEMO_KEY_AGE_DAYS, description: 'used by the nightly backup job' }],
    managedSecret: { name, keyIndex: 0 },
  });
  output.line(
    `Yandex: seeded service account ${DEMO_SERVICE_ACCOUNT} with static key ${keyIds[0]}, ${DEMO_KEY_AGE_DAYS} days old, in ${name}`,
  );
  output.line(
    `Yandex: the rotator signs in with its authorized key from ${DEFAULT_SETTINGS.yandexAuthorizedKeySecret} (JWT PS256 → IAM token)`,
  );
  output.line('');
  const rotator = await openLocalRotator(stateDir, { provider: 'yandex', endpoint });
  try {
    const rotated = await runDemoRotation(
      rotator,
      DEMO_SERVICE_ACCOUNT,
      () => checkCurrentYandexCredential(name),
      output,
    );
    const patch = cloud.requests.findLast((request) => request.action === 'UpdateAccessKey' && request.http);
    if (patch?.http) {
      output.line(
        `  retire request: ${patch.http.method} ${patch.http.path} ${JSON.stringify(patch.http.body)}`,
      );
    }
    return rotated;
  } finally {
    await rotator.close();
  }
}
