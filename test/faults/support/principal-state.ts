/**
 * A principal's keys and its secret's labeled versions, read straight from the
 * local cloud, in one shape for both providers (a Yandex key marked retired
 * counts as not usable, as an Inactive IAM key does).
 */
import { isRetiredDescription } from '../../../lambdas/adapters/yandex/yandex-descriptions.ts';
import { DEFAULT_SETTINGS, secretName } from '../../../lambdas/config/environment.ts';
import type { FaultSession } from './fault-session.ts';

export interface PrincipalKey {
  readonly keyId: string;
  readonly secret: string;
  readonly usable: boolean;
}

export interface StoredKey {
  readonly keyId: string;
  readonly secret: string | undefined;
}

export type Stage = 'AWSCURRENT' | 'AWSPREVIOUS' | 'AWSPENDING';

export function principalKeys(session: FaultSession, principal: string): PrincipalKey[] {
  if (session.provider === 'yandex')
    return session.cloud.yandex.listAccessKeys(principal).map((key) => ({
      keyId: key.keyId,
      secret: key.secret,
      usable: !isRetiredDescription(key.description),
    }));
  return session.cloud.iam.listAccessKeys(principal).map((key) => ({
    keyId: key.accessKeyId,
    secret: key.secretAccessKey,
    usable: key.status === 'Active',
  }));
}

/** The key each staging label points to, with the secret stored beside it. */
export function secretStages(session: FaultSession, principal: string): Partial<Record<Stage, StoredKey>> {
  const name = secretName(DEFAULT_SETTINGS.secretNamePrefix, session.provider, principal);
  const secret = session.cloud.secrets.findSecret(name);
  const stages: Partial<Record<Stage, StoredKey>> = {};
  for (const [versionId, labels] of Object.entries(secret?.versionIdsToStages ?? {})) {
    const value = session.cloud.secrets.getSecretValue(name, { versionId });
    const stored = JSON.parse(value.secretString ?? '{}') as {
      AccessKeyId?: string;
      SecretAccessKey?: string;
    };
    for (const label of labels)
      if (label === 'AWSCURRENT' || label === 'AWSPREVIOUS' || label === 'AWSPENDING')
        stages[label] = { keyId: String(stored.AccessKeyId), secret: stored.SecretAccessKey };
  }
  return stages;
}
