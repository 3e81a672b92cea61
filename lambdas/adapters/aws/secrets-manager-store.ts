/**
 * SecretStore on Secrets Manager. The secret's value is the
 * `credential_process` JSON; this file is the only place that value is
 * parsed or serialized, so it is the one place that must keep it out of every
 * error it raises.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  TagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type {
  SecretManagement,
  SecretSelector,
  SecretStore,
  StoredCredential,
} from '../../rotation/ports.ts';
import { SecretMissingError } from '../../rotation/rotation-errors.ts';
import { callAws, hasErrorName } from './transient-errors.ts';

export interface SecretsManagerStoreOptions {
  /** Customer-managed KMS key for new secrets; the account's default key when undefined. */
  readonly kmsKeyId: string | undefined;
}

/** Tag keys on each managed secret: who it belongs to lives here, never in the value. */
export const SECRET_TAG_KEYS = { provider: 'provider', principal: 'principal' } as const;

/** Tag keys that say how the secret is rotated, written by Publish after each rotation. */
export const MANAGEMENT_TAG_KEYS = {
  lastRotationId: 'access-key-rotator:last-rotation-id',
  nextDueAt: 'access-key-rotator:next-due',
  managedBy: 'access-key-rotator:managed-by',
} as const;

/** The Description a person sees in the console: the management tags, in words. */
export function managementDescription(management: SecretManagement): string {
  return (
    `Managed by access-key-rotator deployment ${management.managedBy}: do not edit its value by hand. ` +
    `Last rotation ${management.lastRotationId}; next rotation due ${management.nextDueAt}.`
  );
}

/**
 * Fixed key order, so a retried PutSecretValue sends byte-identical content and
 * Secrets Manager treats it as the same version instead of a conflict.
 */
function serialize(credential: StoredCredential): string {
  return JSON.stringify({
    Version: credential.Version,
    AccessKeyId: credential.AccessKeyId,
    SecretAccessKey: credential.SecretAccessKey,
  });
}

function isStoredCredential(value: unknown): value is StoredCredential {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.Version === 1 &&
    typeof candidate.AccessKeyId === 'string' &&
    typeof candidate.SecretAccessKey === 'string'
  );
}

/** JSON.parse quotes part of its input in its message, so its error is replaced, never wrapped. */
function parseCredential(secretName: string, text: string | undefined): StoredCredential {
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isStoredCredential(value))
    throw new SecretMissingError(`secret ${secretName} does not hold a credential_process JSON credential`);
  return { Version: 1, AccessKeyId: value.AccessKeyId, SecretAccessKey: value.SecretAccessKey };
}

const NOT_FOUND = 'ResourceNotFoundException';

export function secretsManagerStore(
  client: SecretsManagerClient,
  options: SecretsManagerStoreOptions,
): SecretStore {
  async function describe(secretName: string) {
    try {
      const secret = await callAws('SecretsManager DescribeSecret', () =>
        client.send(new DescribeSecretCommand({ SecretId: secretName })),
      );
      const versions = Object.entries(secret.VersionIdsToStages ?? {}).map(([versionId, stages]) => ({
        versionId,
        stages,
      }));
      return { name: secret.Name ?? secretName, versions };
    } catch (error) {
      if (hasErrorName(error, NOT_FOUND)) return undefined;
      throw error;
    }
  }

  return {
    describe,

    async readCredential(secretName, selector: SecretSelector) {
      const version =
        'versionId' in selector ? { VersionId: selector.versionId } : { VersionStage: selector.stage };
      try {
        const { SecretString } = await callAws('SecretsManager GetSecretValue', () =>
          client.send(new GetSecretValueCommand({ SecretId: secretName, ...version })),
        );
        return parseCredential(secretName, SecretString);
      } catch (error) {
        if (hasErrorName(error, NOT_FOUND)) return undefined;
        throw error;
      }
    },

    async create(secretName, tags) {
      try {
        await callAws('SecretsManager CreateSecret', () =>
          client.send(
            new CreateSecretCommand({
              Name: secretName,
              KmsKeyId: options.kmsKeyId,
              Description: `Access key of ${tags.provider} principal ${tags.principal}, rotated by access-key-rotator`,
              Tags: [
                { Key: SECRET_TAG_KEYS.provider, Value: tags.provider },
                { Key: SECRET_TAG_KEYS.principal, Value: tags.principal },
              ],
            }),
          ),
        );
      } catch (error) {
        // A retry after a crash finds the secret it created the first time.
        if (!hasErrorName(error, 'ResourceExistsException')) throw error;
      }
    },

    async putPending(secretName, versionId, credential) {
      // ClientRequestToken becomes the version id, and makes a retry with
      // the same content a no-op instead of a second version.
      await callAws('SecretsManager PutSecretValue', () =>
        client.send(
          new PutSecretValueCommand({
            SecretId: secretName,
            ClientRequestToken: versionId,
            SecretString: serialize(credential),
            VersionStages: ['AWSPENDING'],
          }),
        ),
      );
    },

    async putAccessPolicy(secretName, policy) {
      // PutResourcePolicy replaces the whole policy, so a retry puts the same one again.
      // BlockPublicPolicy: Secrets Manager refuses a policy that would open the secret to everyone.
      await callAws('SecretsManager PutResourcePolicy', () =>
        client.send(
          new PutResourcePolicyCommand({
            SecretId: secretName,
            ResourcePolicy: JSON.stringify(policy),
            BlockPublicPolicy: true,
          }),
        ),
      );
    },

    async recordManagement(secretName, management) {
      await callAws('SecretsManager TagResource', () =>
        client.send(
          new TagResourceCommand({
            SecretId: secretName,
            Tags: [
              { Key: MANAGEMENT_TAG_KEYS.lastRotationId, Value: management.lastRotationId },
              { Key: MANAGEMENT_TAG_KEYS.nextDueAt, Value: management.nextDueAt },
              { Key: MANAGEMENT_TAG_KEYS.managedBy, Value: management.managedBy },
            ],
          }),
        ),
      );
      // Description only: UpdateSecret with a value or a KMS key would create a version or re-encrypt.
      await callAws('SecretsManager UpdateSecret', () =>
        client.send(
          new UpdateSecretCommand({ SecretId: secretName, Description: managementDescription(management) }),
        ),
      );
    },

    async moveStage(secretName, stage, move) {
      try {
        await callAws('SecretsManager UpdateSecretVersionStage', () =>
          client.send(
            new UpdateSecretVersionStageCommand({
              SecretId: secretName,
              VersionStage: stage,
              MoveToVersionId: move.toVersionId,
              RemoveFromVersionId: move.fromVersionId,
            }),
          ),
        );
      } catch (error) {
        // The SDK repeats a call whose answer was lost; a repeated removal finds
        // the label already gone and is refused. Gone is what was asked for (a
        // version left with no label at all is no longer listed).
        if (move.toVersionId !== undefined || !hasErrorName(error, 'InvalidParameterException')) throw error;
        const version = (await describe(secretName))?.versions.find(
          (v) => v.versionId === move.fromVersionId,
        );
        if (version?.stages.includes(stage)) throw error;
      }
    },
  };
}
