/**
 * One rotation per provider against the embedded local cloud, zero waits,
 * each in a fresh state dir, and what it used. The Yandex session rotates a
 * second service account afterwards, in the same warm container, to count
 * the token exchanges a rotation makes once the IAM token is cached.
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
import type { Provider } from '../lambdas/rotation/rotation-state.ts';
import { openLocalAwsEndpoint } from '../local/local-aws-endpoint.ts';
import { openLocalRotator } from '../local/local-rotation.ts';
import { invocationTimer, type RotationUsageFigures, usageOf } from './rotation-usage.ts';

const KEY_AGE_DAYS = 120;

export interface ProviderRotationReport {
  readonly provider: Provider;
  readonly principals: readonly string[];
  /** The first rotation of the session: a cold container. */
  readonly first: RotationUsageFigures;
  /** Yandex only: a second principal rotated by the same warm container. */
  readonly second?: RotationUsageFigures;
  /** Yandex only: `CreateIamToken` calls made by each rotation. */
  readonly tokenExchanges?: { readonly first: number; readonly warm: number };
}

function seed(cloud: LocalCloud, provider: Provider): string[] {
  if (provider === 'aws') {
    const principal = 'bench-alice';
    seedIamUser(cloud, {
      userName: principal,
      tags: OPTED_IN_TAGS,
      keys: [{ ageDays: KEY_AGE_DAYS }],
      managedSecret: { name: secretName('access-key-rotator', 'aws', principal), keyIndex: 0 },
    });
    return [principal];
  }
  seedYandexRotatorIdentity(cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  const principals = ['ajebenchserviceacct1', 'ajebenchserviceacct2'];
  for (const principal of principals) {
    seedYandexServiceAccount(cloud, {
      serviceAccountId: principal,
      keys: [{ ageDays: KEY_AGE_DAYS }],
      managedSecret: { name: secretName('access-key-rotator', 'yandex', principal), keyIndex: 0 },
    });
  }
  return principals;
}

export async function measureRotation(provider: Provider, tmpRoot: string): Promise<ProviderRotationReport> {
  const stateDir = mkdtempSync(join(tmpRoot, `rotation-${provider}-`));
  const endpoint = await openLocalAwsEndpoint(stateDir);
  const cloud = endpoint.cloud;
  if (!cloud) throw new Error('the benchmark needs the embedded local cloud: unset AWS_ENDPOINT_URL');
  const principals = seed(cloud, provider);
  const timer = invocationTimer();
  const rotator = await openLocalRotator(stateDir, { provider, endpoint, wrapTask: timer.wrap });
  try {
    const runs: RotationUsageFigures[] = [];
    const exchanges: number[] = [];
    for (const principal of principals) {
      const before = cloud.requests.length;
      timer.take();
      const started = performance.now();
      const { execution } = await rotator.rotate({
        name: `bench-${principal}`,
        input: { principal, gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
      });
      const wallMs = performance.now() - started;
      const requests = cloud.requests.slice(before);
      runs.push(usageOf(execution, wallMs, timer.take(), requests));
      exchanges.push(requests.filter((request) => request.action === 'CreateIamToken').length);
    }
    const [first, second] = runs;
    if (!first) throw new Error('no rotation ran');
    return {
      provider,
      principals,
      first,
      ...(second && { second, tokenExchanges: { first: exchanges[0] ?? 0, warm: exchanges[1] ?? 0 } }),
    };
  } finally {
    await rotator.close();
    await endpoint.close();
  }
}
