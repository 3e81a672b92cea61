/**
 * One local rotator over a fresh state directory, plus the helpers the
 * end-to-end scenarios share: seeding, running with the invariant monitor,
 * counting mutating calls, and scanning everything a user or an auditor could
 * read for secrets.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalCloud, type SeedIamUserSpec, seedIamUser } from '@access-key-rotator/local-cloud';
import { OPTED_IN_TAGS, secretName } from '../../../lambdas/config/environment.ts';
import type { Provider, RotationInput } from '../../../lambdas/rotation/rotation-state.ts';
import {
  type LocalRotationResult,
  type LocalRotator,
  type LocalRotatorOptions,
  openLocalRotator,
} from '../../../local/local-rotation.ts';
import { InvariantMonitor, leakedSecrets } from './invariant-monitor.ts';

export interface ScenarioResult extends LocalRotationResult {
  /** Mutating API calls made by the rotation itself. */
  readonly mutatingCalls: readonly string[];
}

export interface E2eHarness {
  readonly rotator: LocalRotator;
  readonly cloud: LocalCloud;
  readonly stateDir: string;
  readonly monitor: InvariantMonitor;
  /** Seeds an IAM user carrying the default opt-in tag (besides its own tags), unless `optedIn` is false. */
  seed(
    spec: Omit<SeedIamUserSpec, 'managedSecret'> & {
      readonly managedKeyIndex?: number;
      readonly optedIn?: boolean;
    },
  ): string[];
  run(input: RotationInput, name?: string): Promise<ScenarioResult>;
  /** Secrets found in histories, Lambda logs, evidence records and the given extra texts. */
  leaks(extraTexts?: readonly string[]): string[];
  close(): Promise<void>;
}

export const secretOf = (principal: string, provider: Provider = 'aws') =>
  secretName('access-key-rotator', provider, principal);

function readAll(directory: string): string[] {
  try {
    return readdirSync(directory).map((file) => readFileSync(join(directory, file), 'utf8'));
  } catch {
    return [];
  }
}

export async function openE2eHarness(options: LocalRotatorOptions = {}): Promise<E2eHarness> {
  delete process.env.AWS_ENDPOINT_URL; // the scenarios inspect the embedded cloud directly
  const stateDir = mkdtempSync(join(tmpdir(), 'akr-e2e-'));
  const rotator = await openLocalRotator(stateDir, options);
  const cloud = rotator.aws.cloud;
  if (!cloud) throw new Error('the end-to-end tests need the embedded local cloud');
  const provider = options.provider ?? 'aws';
  const monitor = new InvariantMonitor(cloud, stateDir, provider);
  let runs = 0;

  return {
    rotator,
    cloud,
    stateDir,
    monitor,
    seed: ({ managedKeyIndex, optedIn = true, ...spec }) =>
      seedIamUser(cloud, {
        ...spec,
        tags: { ...(optedIn && OPTED_IN_TAGS), ...spec.tags },
        ...(managedKeyIndex !== undefined && {
          managedSecret: { name: secretOf(spec.userName), keyIndex: managedKeyIndex },
        }),
      }).keyIds,
    async run(input, name = `${input.principal}-run-${++runs}`) {
      const before = cloud.requests.length;
      const watch = monitor.watch(input.principal, secretOf(input.principal, provider));
      const result = await rotator.rotate({ input, name, onEvent: watch });
      const mutatingCalls = cloud.requests
        .slice(before)
        .filter((request) => request.mutating)
        .map((request) => `${request.service}:${request.action}`);
      return { ...result, mutatingCalls };
    },
    leaks(extraTexts = []) {
      const texts = [
        ...readAll(join(stateDir, 'executions')),
        ...readAll(join(stateDir, 'evidence')),
        ...rotator.lambdaLogs.lines,
        ...extraTexts,
      ];
      return leakedSecrets(texts, monitor.secrets());
    },
    async close() {
      await rotator.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
