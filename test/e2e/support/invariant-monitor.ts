/**
 * Watches the local cloud while a rotation runs and checks, after every
 * execution event, the invariants that must hold at every moment:
 *   I1: AWSCURRENT names a key that exists and is Active;
 *   I3: never more than two keys; the AWSCURRENT key is never deactivated.
 * It also collects every secret the cloud ever issued, for the I2 scans.
 */

import { type LocalCloud, readPersistedCloudState } from '@access-key-rotator/local-cloud';
import type { HistoryEvent } from '../../../evidence/model/execution-history.ts';
import { isRetiredDescription } from '../../../lambdas/adapters/yandex/yandex-descriptions.ts';
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';

export class InvariantMonitor {
  readonly violations: string[] = [];
  readonly #secrets = new Set<string>();
  readonly #cloud: LocalCloud;
  readonly #stateDir: string;
  readonly #provider: Provider;

  constructor(cloud: LocalCloud, stateDir: string, provider: Provider = 'aws') {
    this.#cloud = cloud;
    this.#stateDir = stateDir;
    this.#provider = provider;
  }

  /** Every SecretAccessKey issued so far, including those of keys deleted since. */
  secrets(): ReadonlySet<string> {
    this.#collectSecrets();
    return this.#secrets;
  }

  #collectSecrets(): void {
    const state = readPersistedCloudState(this.#stateDir);
    for (const key of Object.values(state.iam.accessKeys)) this.#secrets.add(key.secretAccessKey);
    for (const key of Object.values(state.yandex?.accessKeys ?? {})) this.#secrets.add(key.secret);
    for (const secret of Object.values(state.secrets)) {
      for (const version of secret.versions) {
        const value = version.secretString
          ? (JSON.parse(version.secretString) as { SecretAccessKey?: string; private_key?: string })
          : {};
        if (value.SecretAccessKey) this.#secrets.add(value.SecretAccessKey);
        // The Yandex authorized key: the lines of its PEM body (the armour lines every PEM shares are short).
        for (const line of value.private_key?.split('\n') ?? [])
          if (line.length >= 60) this.#secrets.add(line);
      }
    }
  }

  check(userName: string, secretName: string, moment: string): void {
    this.#collectSecrets();
    const keys = this.#keysOf(userName);
    if (!keys) return;
    if (keys.length > 2) this.violations.push(`${moment}: ${userName} has ${keys.length} keys`);
    const secret = this.#cloud.secrets.findSecret(secretName);
    const current = Object.entries(secret?.versionIdsToStages ?? {}).find(([, stages]) =>
      stages.includes('AWSCURRENT'),
    );
    if (!current) return; // Nothing was published yet: no consumer reads this secret.
    const value = this.#cloud.secrets.getSecretValue(secretName, { versionId: current[0] });
    const keyId = (JSON.parse(value.secretString ?? '{}') as { AccessKeyId?: string }).AccessKeyId;
    const key = keys.find((candidate) => candidate.keyId === keyId);
    if (!key) this.violations.push(`${moment}: AWSCURRENT names ${keyId}, which does not exist`);
    else if (key.status !== 'Active')
      this.violations.push(`${moment}: AWSCURRENT key ${keyId} is ${key.status}`);
  }

  /** The principal's keys with the status the rotator sees (Yandex: retired means Inactive). */
  #keysOf(principal: string): { keyId: string; status: string }[] | undefined {
    if (this.#provider === 'yandex') {
      if (!this.#cloud.yandex.findServiceAccount(principal)) return undefined;
      return this.#cloud.yandex.listAccessKeys(principal).map((key) => ({
        keyId: key.keyId,
        status: isRetiredDescription(key.description) ? 'Inactive' : 'Active',
      }));
    }
    if (!this.#cloud.iam.findUser(principal)) return undefined;
    return this.#cloud.iam
      .listAccessKeys(principal)
      .map((key) => ({ keyId: key.accessKeyId, status: key.status }));
  }

  /** An `onEvent` callback that checks after each event of one principal's rotation. */
  watch(userName: string, secretName: string): (event: HistoryEvent) => void {
    return (event) => this.check(userName, secretName, `${event.type} ${event.stateName ?? ''}`.trim());
  }
}

/** The secrets that occur in any of the texts (an empty list means invariant 2 held). */
export function leakedSecrets(texts: readonly string[], secrets: ReadonlySet<string>): string[] {
  const leaked = new Set<string>();
  for (const secret of secrets) for (const text of texts) if (text.includes(secret)) leaked.add(secret);
  return [...leaked].map((secret) => `${secret.slice(0, 4)}…`);
}
