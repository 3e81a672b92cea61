/**
 * ListSecrets filtering and paging. Filter values match as prefixes and a
 * leading `!` negates, as in Secrets Manager; values of one filter are ORed,
 * filters are ANDed.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { JsonInput } from '../http/call-context.ts';
import { optionalArray } from '../http/json-input.ts';
import { describeShape } from './secret-shapes.ts';
import type { SecretDescription } from './secret-views.ts';
import { pageOf } from './secrets-paging.ts';

interface Filter {
  readonly key: string;
  readonly values: readonly string[];
}

function fieldsFor(secret: SecretDescription, key: string): string[] {
  switch (key) {
    case 'name':
      return [secret.name];
    case 'description':
      return secret.description === undefined ? [] : [secret.description];
    case 'tag-key':
      return Object.keys(secret.tags);
    case 'tag-value':
      return Object.values(secret.tags);
    case 'all':
      return [
        secret.name,
        secret.description ?? '',
        ...Object.keys(secret.tags),
        ...Object.values(secret.tags),
      ];
    default:
      throw new CloudApiError(
        'InvalidParameterException',
        `Filter key ${key} is not supported by the local cloud.`,
      );
  }
}

function matches(secret: SecretDescription, filter: Filter): boolean {
  const fields = fieldsFor(secret, filter.key);
  return filter.values.some((value) =>
    value.startsWith('!')
      ? !fields.some((field) => field.startsWith(value.slice(1)))
      : fields.some((field) => field.startsWith(value)),
  );
}

function parseFilters(input: JsonInput): Filter[] {
  return (optionalArray(input, 'Filters') ?? []).map((raw) => {
    const { Key, Values } = (raw ?? {}) as { Key?: unknown; Values?: unknown };
    if (typeof Key !== 'string' || !Array.isArray(Values) || Values.some((v) => typeof v !== 'string'))
      throw new CloudApiError(
        'InvalidParameterException',
        'Each filter needs a Key and a list of string Values.',
      );
    return { key: Key, values: Values as string[] };
  });
}

export function listSecretsPage(
  all: readonly SecretDescription[],
  input: JsonInput,
): Record<string, unknown> {
  const filters = parseFilters(input);
  const selected = all.filter((secret) => filters.every((filter) => matches(secret, filter)));
  const { page, NextToken } = pageOf(selected, input);
  return {
    SecretList: page.map((secret) => ({
      ...describeShape(secret),
      SecretVersionsToStages: secret.versionIdsToStages,
    })),
    NextToken,
  };
}
