/**
 * Secrets Manager secrets and their versions. Versions are immutable; their
 * ids are the callers' ClientRequestTokens, which is what makes PutSecretValue
 * idempotent for a retried rotation step.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CloudApiError } from '../cloud-api-error.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../cloud-constants.ts';
import { homeSecretsSection, type SecretsSectionOf } from '../state/account-sections.ts';
import type { StoredSecret } from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';
import {
  cancelDeletion,
  type DeletionRequest,
  isPastDeletion,
  refuseIfScheduled,
  scheduleDeletion,
} from './secret-deletion.ts';
import { checkResourcePolicy, type PolicyCheckOptions } from './secret-policy.ts';
import { AWSCURRENT, addVersion, findVersion, stageHolder, updateStage } from './secret-staging.ts';
import {
  type CreateSecretSpec,
  type PutSecretValueSpec,
  type SecretData,
  type SecretDescription,
  type SecretPolicy,
  type SecretValue,
  secretView,
  type VersionRef,
  type VersionView,
  valueView,
  versionViews,
} from './secret-views.ts';

export type {
  CreateSecretSpec,
  PutSecretValueSpec,
  SecretData,
  SecretDescription,
  SecretPolicy,
  SecretValue,
  VersionRef,
  VersionView,
} from './secret-views.ts';

function notFound(): CloudApiError {
  return new CloudApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

function checkData(data: SecretData): void {
  if (data.secretString !== undefined && data.secretBinary !== undefined)
    throw new CloudApiError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
}

/** Like AWS: the name plus a hyphen and six random alphanumerics. */
function secretArn(accountId: string, name: string): string {
  const suffix = randomBytes(12)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(6, 'x')
    .slice(0, 6);
  return `arn:aws:secretsmanager:${LOCAL_REGION}:${accountId}:secret:${name}-${suffix}`;
}

export class SecretsStore {
  readonly #state: CloudStateStore;
  readonly #accountId: string;
  readonly #secrets: SecretsSectionOf;

  /** @param secretsOf where this account's secrets live in the state (account-sections.ts). */
  constructor(
    state: CloudStateStore,
    accountId: string = LOCAL_ACCOUNT_ID,
    secretsOf: SecretsSectionOf = homeSecretsSection,
  ) {
    this.#state = state;
    this.#accountId = accountId;
    this.#secrets = secretsOf;
  }

  /** The account every ARN of this store names. */
  get accountId(): string {
    return this.#accountId;
  }

  createSecret(spec: CreateSecretSpec): VersionRef {
    checkData(spec);
    return this.#state.mutate((draft) => {
      const existing = this.#secrets(draft)[spec.name];
      if (existing?.deletionDate !== undefined && !isPastDeletion(existing))
        throw new CloudApiError(
          'InvalidRequestException',
          "You can't create this secret because a secret with this name is already scheduled for deletion.",
        );
      if (existing && !isPastDeletion(existing))
        throw new CloudApiError(
          'ResourceExistsException',
          `The operation failed because the secret ${spec.name} already exists.`,
        );
      const now = new Date().toISOString();
      const secret: StoredSecret = {
        arn: secretArn(this.#accountId, spec.name),
        name: spec.name,
        description: spec.description,
        kmsKeyId: spec.kmsKeyId,
        tags: { ...spec.tags },
        createdDate: now,
        lastChangedDate: now,
        versions: [],
      };
      this.#secrets(draft)[spec.name] = secret;
      if (spec.secretString === undefined && spec.secretBinary === undefined)
        return { arn: secret.arn, name: secret.name };
      const version = addVersion(secret, spec.clientRequestToken ?? randomUUID(), spec, [AWSCURRENT]);
      return { arn: secret.arn, name: secret.name, versionId: version.versionId };
    });
  }

  /** @param secretId name or full ARN. */
  findSecret(secretId: string): SecretDescription | undefined {
    const secret = lookup(this.#secrets(this.#state.read()), secretId);
    return secret && secretView(secret);
  }

  describeSecret(secretId: string): SecretDescription {
    const found = this.findSecret(secretId);
    if (!found) throw notFound();
    return found;
  }

  /** Secrets marked for deletion are left out unless `includePlannedDeletion`, as in ListSecrets. */
  listSecrets(options: { readonly includePlannedDeletion?: boolean } = {}): SecretDescription[] {
    return Object.values(this.#secrets(this.#state.read()))
      .filter((secret) =>
        secret.deletionDate === undefined ? true : options.includePlannedDeletion && !isPastDeletion(secret),
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map(secretView);
  }

  /** Without a selector, returns the AWSCURRENT version. */
  getSecretValue(
    secretId: string,
    selector: { readonly versionId?: string; readonly versionStage?: string } = {},
  ): SecretValue {
    const secret = lookup(this.#secrets(this.#state.read()), secretId);
    if (!secret) throw notFound();
    refuseIfScheduled(secret);
    const stage = selector.versionStage ?? (selector.versionId === undefined ? AWSCURRENT : undefined);
    const version =
      selector.versionId !== undefined
        ? findVersion(secret, selector.versionId)
        : stageHolder(secret, stage ?? AWSCURRENT);
    if (!version || (stage !== undefined && !version.stages.includes(stage))) {
      const what =
        selector.versionId !== undefined ? `VersionId: ${selector.versionId}` : `staging label: ${stage}`;
      throw new CloudApiError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for ${what}`,
      );
    }
    return valueView(secret, version);
  }

  putSecretValue(secretId: string, spec: PutSecretValueSpec): VersionRef {
    checkData(spec);
    if (spec.secretString === undefined && spec.secretBinary === undefined)
      throw new CloudApiError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary.',
      );
    return this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      refuseIfScheduled(secret);
      const versionId = spec.clientRequestToken ?? randomUUID();
      const existing = findVersion(secret, versionId);
      if (existing) {
        if (existing.secretString !== spec.secretString || existing.secretBinary !== spec.secretBinary)
          throw new CloudApiError(
            'ResourceExistsException',
            `You can't modify an existing version, you can only create a new version. VersionId: ${versionId}`,
          );
        return { arn: secret.arn, name: secret.name, versionId, versionStages: [...existing.stages] };
      }
      const version = addVersion(secret, versionId, spec, spec.versionStages ?? [AWSCURRENT]);
      secret.lastChangedDate = version.createdDate;
      return { arn: secret.arn, name: secret.name, versionId, versionStages: [...version.stages] };
    });
  }

  updateSecretVersionStage(
    secretId: string,
    stage: string,
    move: { readonly moveToVersionId?: string; readonly removeFromVersionId?: string },
  ): VersionRef {
    return this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      refuseIfScheduled(secret);
      updateStage(secret, stage, move);
      secret.lastChangedDate = new Date().toISOString();
      return { arn: secret.arn, name: secret.name };
    });
  }

  tagResource(secretId: string, tags: Readonly<Record<string, string>>): void {
    this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      secret.tags = { ...secret.tags, ...tags };
    });
  }

  untagResource(secretId: string, tagKeys: readonly string[]): void {
    this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      for (const key of tagKeys) delete secret.tags[key];
    });
  }

  /**
   * UpdateSecret's metadata part: a new Description or KMS key, no new
   * version (a value given to UpdateSecret is a PutSecretValue).
   */
  updateSecretMetadata(
    secretId: string,
    change: { readonly description?: string; readonly kmsKeyId?: string },
  ): VersionRef {
    return this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      refuseIfScheduled(secret);
      if (change.description !== undefined) secret.description = change.description;
      if (change.kmsKeyId !== undefined) secret.kmsKeyId = change.kmsKeyId;
      secret.lastChangedDate = new Date().toISOString();
      return { arn: secret.arn, name: secret.name };
    });
  }

  /** The secret's resource policy (`policy` undefined when it has none); undefined when no such secret. */
  findResourcePolicy(secretId: string): SecretPolicy | undefined {
    const secret = lookup(this.#secrets(this.#state.read()), secretId);
    return secret && { arn: secret.arn, name: secret.name, policy: secret.resourcePolicy };
  }

  /** GetResourcePolicy; @throws ResourceNotFoundException. */
  getResourcePolicy(secretId: string): SecretPolicy {
    const found = this.findResourcePolicy(secretId);
    if (!found) throw notFound();
    return found;
  }

  /**
   * Checks `policy` as PutResourcePolicy does (secret-policy.ts), then keeps
   * it as sent, which is what GetResourcePolicy returns.
   */
  putResourcePolicy(secretId: string, policy: string, options: PolicyCheckOptions = {}): VersionRef {
    checkResourcePolicy(policy, options);
    return this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      secret.resourcePolicy = policy;
      return { arn: secret.arn, name: secret.name };
    });
  }

  /** Succeeds on a secret without a policy too, as AWS does. */
  deleteResourcePolicy(secretId: string): VersionRef {
    return this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      delete secret.resourcePolicy;
      return { arn: secret.arn, name: secret.name };
    });
  }

  /** Every version, oldest first; unlabeled (deprecated) ones only when asked, as ListSecretVersionIds. */
  listVersions(secretId: string, options: { readonly includeDeprecated?: boolean } = {}): VersionView[] {
    const secret = lookup(this.#secrets(this.#state.read()), secretId);
    if (!secret) throw notFound();
    return versionViews(secret, options.includeDeprecated ?? false);
  }

  /**
   * DeleteSecret: marks the secret for deletion after the recovery window, or
   * (forced) removes it now. A forced delete of a missing secret succeeds, so retries do.
   */
  scheduleSecretDeletion(
    secretId: string,
    request: DeletionRequest,
    now: Date = new Date(),
  ): { readonly arn?: string; readonly name: string; readonly deletionDate: string } {
    return this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) {
        if (request.force) return { name: secretId, deletionDate: now.toISOString() };
        throw notFound();
      }
      if (request.force) {
        delete this.#secrets(draft)[secret.name];
        return { arn: secret.arn, name: secret.name, deletionDate: now.toISOString() };
      }
      return {
        arn: secret.arn,
        name: secret.name,
        deletionDate: scheduleDeletion(secret, request.days, now),
      };
    });
  }

  /** RestoreSecret: cancels a scheduled deletion (a no-op on a secret that has none). */
  restoreSecret(secretId: string): VersionRef {
    return this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      cancelDeletion(secret);
      return { arn: secret.arn, name: secret.name };
    });
  }

  /** Immediate deletion, without the recovery window (seeding and resets). */
  deleteSecret(secretId: string): void {
    this.#state.mutate((draft) => {
      const secret = lookup(this.#secrets(draft), secretId);
      if (!secret) throw notFound();
      delete this.#secrets(draft)[secret.name];
    });
  }
}

/** The secret named or ARN'd by `secretId`; one past its recovery window no longer exists. */
function lookup(secrets: Record<string, StoredSecret>, secretId: string): StoredSecret | undefined {
  const found = Object.hasOwn(secrets, secretId)
    ? secrets[secretId]
    : // Names cannot hold ':', so only an ARN needs the (slow, for thousands of secrets) scan.
      secretId.startsWith('arn:')
      ? Object.values(secrets).find((secret) => secret.arn === secretId)
      : undefined;
  return found && !isPastDeletion(found) ? found : undefined;
}
