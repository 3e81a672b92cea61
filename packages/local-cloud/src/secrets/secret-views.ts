/**
 * The secrets store's inputs and outputs, in the vocabulary of the Secrets
 * Manager API. Outputs are copies, so callers can never change stored state
 * behind the store's back.
 */
import type { StoredSecret, StoredSecretVersion } from '../state/cloud-state.ts';

export interface SecretData {
  readonly secretString?: string;
  readonly secretBinary?: string;
}

export interface CreateSecretSpec extends SecretData {
  readonly name: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly clientRequestToken?: string;
}

export interface PutSecretValueSpec extends SecretData {
  readonly clientRequestToken?: string;
  /** Defaults to [AWSCURRENT]. */
  readonly versionStages?: readonly string[];
}

export interface VersionRef {
  readonly arn: string;
  readonly name: string;
  readonly versionId?: string;
  readonly versionStages?: string[];
}

/** GetResourcePolicy's answer; `policy` is undefined when the secret has none. */
export interface SecretPolicy {
  readonly arn: string;
  readonly name: string;
  readonly policy: string | undefined;
}

export interface SecretDescription {
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly kmsKeyId?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdDate: string;
  readonly lastChangedDate: string;
  /** When DeleteSecret marked it for deletion; absent otherwise. */
  readonly deletedDate?: string;
  /** Only versions that carry a label: AWS treats unlabeled versions as deprecated and omits them. */
  readonly versionIdsToStages: Readonly<Record<string, readonly string[]>>;
}

export interface SecretValue {
  readonly arn: string;
  readonly name: string;
  readonly versionId: string;
  readonly secretString?: string;
  readonly secretBinary?: string;
  readonly versionStages: readonly string[];
  readonly createdDate: string;
}

export function secretView(secret: StoredSecret): SecretDescription {
  const versionIdsToStages: Record<string, string[]> = {};
  for (const version of secret.versions)
    if (version.stages.length > 0) versionIdsToStages[version.versionId] = [...version.stages];
  return {
    arn: secret.arn,
    name: secret.name,
    description: secret.description,
    kmsKeyId: secret.kmsKeyId,
    tags: { ...secret.tags },
    createdDate: secret.createdDate,
    lastChangedDate: secret.lastChangedDate,
    ...(secret.deletedDate !== undefined && { deletedDate: secret.deletedDate }),
    versionIdsToStages,
  };
}

/** One entry of ListSecretVersionIds. */
export interface VersionView {
  readonly versionId: string;
  readonly versionStages: readonly string[];
  readonly createdDate: string;
}

export function versionViews(secret: StoredSecret, includeDeprecated: boolean): VersionView[] {
  return secret.versions
    .filter((version) => includeDeprecated || version.stages.length > 0)
    .map((version) => ({
      versionId: version.versionId,
      versionStages: [...version.stages],
      createdDate: version.createdDate,
    }));
}

export function valueView(secret: StoredSecret, version: StoredSecretVersion): SecretValue {
  return {
    arn: secret.arn,
    name: secret.name,
    versionId: version.versionId,
    secretString: version.secretString,
    secretBinary: version.secretBinary,
    versionStages: [...version.stages],
    createdDate: version.createdDate,
  };
}
