/** A secret's metadata as DescribeSecret and ListSecrets render it (epoch-second timestamps). */
import { epochSeconds } from '../http/json-input.ts';
import type { SecretDescription } from './secret-views.ts';

export function describeShape(secret: SecretDescription): Record<string, unknown> {
  const tags = Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    KmsKeyId: secret.kmsKeyId,
    Tags: tags.length > 0 ? tags : undefined,
    CreatedDate: epochSeconds(secret.createdDate),
    LastChangedDate: epochSeconds(secret.lastChangedDate),
    DeletedDate: secret.deletedDate === undefined ? undefined : epochSeconds(secret.deletedDate),
  };
}
