/**
 * The Secrets Manager actions that change what a secret says about itself
 * rather than its value: its resource policy and (UpdateSecret) its
 * Description or KMS key. A value given to UpdateSecret makes a new
 * AWSCURRENT version, as PutSecretValue does.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonAction, JsonInput } from '../http/call-context.ts';
import { optionalString, requiredString } from '../http/json-input.ts';
import { clientRequestToken, secretData } from './secrets-input.ts';
import type { SecretsStore } from './secrets-store.ts';

function optionalBoolean(input: JsonInput, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new CloudApiError('SerializationException', `Member ${member} must be a boolean`);
  return value;
}

/** @param principalExists tells a user or role a policy names that does not exist (iam/principal-exists.ts). */
export function secretMetadataActions(
  secrets: SecretsStore,
  principalExists: (arn: string) => boolean | undefined,
): Record<string, JsonAction> {
  return {
    PutResourcePolicy: (input) => {
      const secretId = requiredString(input, 'SecretId');
      const policy = requiredString(input, 'ResourcePolicy');
      const put = secrets.putResourcePolicy(secretId, policy, {
        blockPublicPolicy: optionalBoolean(input, 'BlockPublicPolicy') ?? false,
        principalExists,
      });
      return { ARN: put.arn, Name: put.name };
    },

    GetResourcePolicy: (input) => {
      const found = secrets.getResourcePolicy(requiredString(input, 'SecretId'));
      return { ARN: found.arn, Name: found.name, ResourcePolicy: found.policy };
    },

    DeleteResourcePolicy: (input) => {
      const deleted = secrets.deleteResourcePolicy(requiredString(input, 'SecretId'));
      return { ARN: deleted.arn, Name: deleted.name };
    },

    UpdateSecret: (input) => {
      const secretId = requiredString(input, 'SecretId');
      const data = secretData(input);
      // Read before anything changes, so a bad token leaves the description as it was.
      const token = clientRequestToken(input);
      const updated = secrets.updateSecretMetadata(secretId, {
        description: optionalString(input, 'Description'),
        kmsKeyId: optionalString(input, 'KmsKeyId'),
      });
      if (data.secretString === undefined && data.secretBinary === undefined)
        return { ARN: updated.arn, Name: updated.name };
      const put = secrets.putSecretValue(secretId, { clientRequestToken: token, ...data });
      return { ARN: put.arn, Name: put.name, VersionId: put.versionId };
    },
  };
}
