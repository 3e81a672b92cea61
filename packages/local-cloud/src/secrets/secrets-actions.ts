/**
 * Secrets Manager actions over JSON 1.1: request members in, response members
 * out, with timestamps as epoch seconds like the real service.
 */
import type { CallContext, JsonAction } from '../http/call-context.ts';
import { epochSeconds, optionalString, requiredString } from '../http/json-input.ts';
import type { CallerIdentity } from '../sts/caller-identity.ts';
import { listSecretsPage } from './list-secrets.ts';
import { enforcingSecretPolicies } from './secret-access.ts';
import { deletionRequest } from './secret-deletion.ts';
import { secretMetadataActions } from './secret-metadata-actions.ts';
import { describeShape } from './secret-shapes.ts';
import { checkSecretName, clientRequestToken, secretData, stringList, tagsInput } from './secrets-input.ts';
import { pageOf } from './secrets-paging.ts';
import type { SecretsStore } from './secrets-store.ts';

/** What Secrets Manager asks IAM about the caller and the principals a policy names. */
export interface SecretsIdentities {
  /** Who signed a call, as a resource policy names it; undefined for a caller the cloud cannot name, whom no policy refuses. */
  readonly identify: (context: CallContext) => CallerIdentity | undefined;
  /** Whether a user or role a policy names exists (iam/principal-exists.ts). */
  readonly principalExists: (arn: string) => boolean | undefined;
}

const NO_IDENTITIES: SecretsIdentities = { identify: () => undefined, principalExists: () => undefined };

export function secretsActions(
  secrets: SecretsStore,
  identities: SecretsIdentities = NO_IDENTITIES,
): Record<string, JsonAction> {
  const actions: Record<string, JsonAction> = {
    CreateSecret: (input) => {
      const created = secrets.createSecret({
        name: checkSecretName(requiredString(input, 'Name')),
        description: optionalString(input, 'Description'),
        kmsKeyId: optionalString(input, 'KmsKeyId'),
        tags: tagsInput(input),
        clientRequestToken: clientRequestToken(input),
        ...secretData(input),
      });
      return { ARN: created.arn, Name: created.name, VersionId: created.versionId };
    },

    DescribeSecret: (input) => {
      const secret = secrets.describeSecret(requiredString(input, 'SecretId'));
      return { ...describeShape(secret), VersionIdsToStages: secret.versionIdsToStages };
    },

    GetSecretValue: (input) => {
      const value = secrets.getSecretValue(requiredString(input, 'SecretId'), {
        versionId: optionalString(input, 'VersionId'),
        versionStage: optionalString(input, 'VersionStage'),
      });
      return {
        ARN: value.arn,
        Name: value.name,
        VersionId: value.versionId,
        SecretString: value.secretString,
        SecretBinary: value.secretBinary,
        VersionStages: value.versionStages,
        CreatedDate: epochSeconds(value.createdDate),
      };
    },

    PutSecretValue: (input) => {
      const put = secrets.putSecretValue(requiredString(input, 'SecretId'), {
        clientRequestToken: clientRequestToken(input),
        versionStages: stringList(input, 'VersionStages'),
        ...secretData(input),
      });
      return { ARN: put.arn, Name: put.name, VersionId: put.versionId, VersionStages: put.versionStages };
    },

    UpdateSecretVersionStage: (input) => {
      const updated = secrets.updateSecretVersionStage(
        requiredString(input, 'SecretId'),
        requiredString(input, 'VersionStage'),
        {
          moveToVersionId: optionalString(input, 'MoveToVersionId'),
          removeFromVersionId: optionalString(input, 'RemoveFromVersionId'),
        },
      );
      return { ARN: updated.arn, Name: updated.name };
    },

    ListSecrets: (input) =>
      listSecretsPage(
        secrets.listSecrets({ includePlannedDeletion: input.IncludePlannedDeletion === true }),
        input,
      ),

    ListSecretVersionIds: (input) => {
      const secretId = requiredString(input, 'SecretId');
      const secret = secrets.describeSecret(secretId);
      const versions = secrets.listVersions(secretId, {
        includeDeprecated: input.IncludeDeprecated === true,
      });
      const { page, NextToken } = pageOf(versions, input);
      return {
        ARN: secret.arn,
        Name: secret.name,
        Versions: page.map((version) => ({
          VersionId: version.versionId,
          VersionStages: version.versionStages,
          CreatedDate: epochSeconds(version.createdDate),
        })),
        NextToken,
      };
    },

    DeleteSecret: (input) => {
      const deleted = secrets.scheduleSecretDeletion(
        requiredString(input, 'SecretId'),
        deletionRequest(input),
      );
      return { ARN: deleted.arn, Name: deleted.name, DeletionDate: epochSeconds(deleted.deletionDate) };
    },

    RestoreSecret: (input) => {
      const restored = secrets.restoreSecret(requiredString(input, 'SecretId'));
      return { ARN: restored.arn, Name: restored.name };
    },

    TagResource: (input) => {
      secrets.tagResource(requiredString(input, 'SecretId'), tagsInput(input));
      return {};
    },

    UntagResource: (input) => {
      secrets.untagResource(requiredString(input, 'SecretId'), stringList(input, 'TagKeys') ?? []);
      return {};
    },

    ...secretMetadataActions(secrets, identities.principalExists),
  };
  return enforcingSecretPolicies(
    actions,
    (secretId) => secrets.findResourcePolicy(secretId),
    identities.identify,
  );
}
