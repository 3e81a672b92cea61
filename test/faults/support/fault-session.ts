/**
 * One provider's local rotator, tuned for many short scenarios: Yandex
 * operations complete fast, Step Functions retry pauses are cut to a few
 * milliseconds, each scenario gets a fresh principal with one old key
 * (managed, or not yet managed) watched by the invariant monitor, and each
 * Yandex run starts by exchanging a JWT (earlier tokens are revoked).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCAL_ADMIN_CREDENTIALS,
  type LocalCloud,
  seedIamUser,
  seedYandexRotatorIdentity,
  seedYandexServiceAccount,
  startLocalCloud,
} from '@access-key-rotator/local-cloud';
import { CALL_TIMEOUT_VARIABLES } from '../../../lambdas/config/call-timeouts.ts';
import { DEFAULT_SETTINGS, OPTED_IN_TAGS, secretName } from '../../../lambdas/config/environment.ts';
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import { ROTATION_STATE_NAMES } from '../../../lib/rotation/rotation-state-names.ts';
import type { LocalAwsEndpoint } from '../../../local/local-aws-endpoint.ts';
import {
  type LocalRotationResult,
  type LocalRotator,
  type LocalRotatorOptions,
  openLocalRotator,
} from '../../../local/local-rotation.ts';
import { InvariantMonitor } from '../../e2e/support/invariant-monitor.ts';

export interface FaultSession {
  readonly provider: Provider;
  readonly cloud: LocalCloud;
  readonly rotator: LocalRotator;
  readonly monitor: InvariantMonitor;
  readonly stateDir: string;
  readonly lockTable: string;
  /** A fresh principal with one key; `managed: false` leaves it without a secret. */
  seedPrincipal(options?: { readonly managed?: boolean; readonly keys?: number }): string;
  /** Runs a rotation with no waits, checking I1 and I3 after every event. */
  /** With zero waits, unless `durations` says otherwise. */
  rotate(
    principal: string,
    name?: string,
    durations?: { readonly gracePeriodSeconds: number; readonly deletionDelaySeconds: number },
  ): Promise<LocalRotationResult>;
  close(): Promise<void>;
}

/**
 * Every client attempt gives up after 1 s instead of 5 s, so a hung call costs
 * a scenario seconds, not half a minute; read by each Lambda container as it starts.
 */
const CALL_TIMEOUT_MS = '1000';

/** A 5 ms pause for every retrier of every state: Retry stays exercised, only its waits shrink. */
const RETRY_OVERRIDES = Object.fromEntries(Object.values(ROTATION_STATE_NAMES).map((state) => [state, 5]));

async function openEndpoint(stateDir: string): Promise<LocalAwsEndpoint> {
  const cloud = await startLocalCloud({ stateDir, yandexOperationDelayMs: 20 });
  // What openLocalAwsEndpoint sets, so the Lambda container's SDK clients reach this cloud.
  process.env.AWS_ENDPOINT_URL = cloud.endpoint;
  process.env.YC_ENDPOINT_URL = cloud.endpoint;
  process.env.AWS_REGION = cloud.region;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_ADMIN_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_ADMIN_CREDENTIALS.secretAccessKey;
  process.env[CALL_TIMEOUT_VARIABLES.connectMs] = CALL_TIMEOUT_MS;
  process.env[CALL_TIMEOUT_VARIABLES.requestMs] = CALL_TIMEOUT_MS;
  return {
    endpoint: cloud.endpoint,
    cloud,
    region: cloud.region,
    accountId: cloud.accountId,
    close: () => cloud.close(),
  };
}

export async function openFaultSession(
  provider: Provider,
  options: Pick<LocalRotatorOptions, 'wrapTask' | 'maxFunctionTimeoutMs'> = {},
): Promise<FaultSession> {
  const stateDir = mkdtempSync(join(tmpdir(), `akr-faults-${provider}-`));
  const endpoint = await openEndpoint(stateDir);
  const cloud = endpoint.cloud as LocalCloud;
  const rotator = await openLocalRotator(stateDir, {
    provider,
    endpoint,
    wrapTask: options.wrapTask,
    maxFunctionTimeoutMs: options.maxFunctionTimeoutMs,
    retryIntervalOverrides: RETRY_OVERRIDES,
  });
  if (provider === 'yandex')
    seedYandexRotatorIdentity(cloud, { secretName: DEFAULT_SETTINGS.yandexAuthorizedKeySecret });
  const monitor = new InvariantMonitor(cloud, stateDir, provider);
  const secretOf = (principal: string) => secretName(DEFAULT_SETTINGS.secretNamePrefix, provider, principal);
  let principals = 0;
  let runs = 0;

  return {
    provider,
    cloud,
    rotator,
    monitor,
    stateDir,
    lockTable: String(rotator.workflow.tables[0]?.logicalId),
    seedPrincipal({ managed = true, keys = 1 } = {}) {
      const n = String(++principals).padStart(4, '0');
      const principal = provider === 'aws' ? `fault-user-${n}` : `ajefaultaccount${n}0`;
      const spec = Array.from({ length: keys }, (_, i) => ({ ageDays: 120 - i }));
      const managedSecret = managed ? { name: secretOf(principal), keyIndex: 0 } : undefined;
      if (provider === 'aws')
        seedIamUser(cloud, { userName: principal, tags: OPTED_IN_TAGS, keys: spec, managedSecret });
      else seedYandexServiceAccount(cloud, { serviceAccountId: principal, keys: spec, managedSecret });
      return principal;
    },
    rotate(
      principal,
      name = `${principal}-run-${++runs}`,
      durations = { gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
    ) {
      // Every Yandex run starts with a token exchange, so faults on CreateIamToken meet one.
      if (provider === 'yandex') cloud.yandex.tokens.revokeAll();
      const input = { principal, ...durations };
      return rotator.rotate({ input, name, onEvent: monitor.watch(principal, secretOf(principal)) });
    },
    async close() {
      await rotator.close();
      await endpoint.close();
      delete process.env.AWS_ENDPOINT_URL;
      delete process.env.YC_ENDPOINT_URL;
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
