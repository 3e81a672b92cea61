/**
 * Emergency rotations against the embedded local cloud, zero waits
 * (deletionDelaySeconds 0, and an emergency rotation has no grace), a few
 * runs per provider, each of its own principal in one session: how long an
 * exposed key keeps working once its exposure is reported, and how many
 * state transitions the emergency path takes. Figures in emergency-figures.ts.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import {
  type LocalCloud,
  seedIamUser,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
} from '@access-key-rotator/local-cloud';
import { DEFAULT_SETTINGS, OPTED_IN_TAGS, secretName } from '../lambdas/config/environment.ts';
import type { Provider, RotationInput } from '../lambdas/rotation/rotation-state.ts';
import { openLocalAwsEndpoint } from '../local/local-aws-endpoint.ts';
import { openLocalRotator } from '../local/local-rotation.ts';
import type { EmergencyRun } from './emergency-figures.ts';

const KEY_AGE_DAYS = 30;

function seed(cloud: LocalCloud, provider: Provider, runs: number): string[] {
  const principals = Array.from({ length: runs }, (_, index) =>
    provider === 'aws'
      ? `bench-exposed-${index + 1}`
      : `ajebenchexposed${String(index + 1).padStart(5, '0')}`,
  );
  if (provider === 'yandex')
    seedYandexRotatorIdentity(cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  for (const principal of principals) {
    const managedSecret = { name: secretName('access-key-rotator', provider, principal), keyIndex: 0 };
    if (provider === 'aws')
      seedIamUser(cloud, {
        userName: principal,
        tags: OPTED_IN_TAGS,
        keys: [{ ageDays: KEY_AGE_DAYS }],
        managedSecret,
      });
    else
      seedYandexServiceAccount(cloud, {
        serviceAccountId: principal,
        keys: [{ ageDays: KEY_AGE_DAYS }],
        managedSecret,
      });
  }
  return principals;
}

export async function measureEmergency(
  provider: Provider,
  runs: number,
  tmpRoot: string,
  log: (line: string) => void,
): Promise<EmergencyRun[]> {
  const stateDir = mkdtempSync(join(tmpRoot, `emergency-${provider}-`));
  const endpoint = await openLocalAwsEndpoint(stateDir);
  const cloud = endpoint.cloud;
  if (!cloud) throw new Error('the benchmark needs the embedded local cloud: unset AWS_ENDPOINT_URL');
  const principals = seed(cloud, provider, runs);
  const rotator = await openLocalRotator(stateDir, { provider, endpoint });
  try {
    const results: EmergencyRun[] = [];
    for (const principal of principals) {
      // Reported now, as the Health Lambda passes the event's time: the clock starts before the execution does.
      const exposureReportedAt = new Date().toISOString();
      const input = { principal, emergency: true, exposureReportedAt, deletionDelaySeconds: 0 };
      const started = performance.now();
      const { execution, evidence } = await rotator.rotate({
        name: `bench-emergency-${principal}`,
        input: input as RotationInput,
      });
      const wallMs = performance.now() - started;
      results.push({
        provider,
        status: execution.status,
        exposureReportedAt: evidence?.exposureReportedAt ?? null,
        revokedAt: evidence?.revokedAt ?? null,
        revocation: evidence?.revocation ?? null,
        statesEntered: execution.events.flatMap((event) =>
          event.type === 'StateEntered' && event.stateName ? [event.stateName] : [],
        ),
        retries: execution.events.filter((event) => event.type === 'StateRetried').length,
        wallMs,
      });
      log(
        `emergency ${provider} ${principal}: ${execution.status}, revoked ${evidence?.revokedAt ?? 'never'}`,
      );
    }
    return results;
  } finally {
    await rotator.close();
    await endpoint.close();
  }
}
