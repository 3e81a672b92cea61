/**
 * ProjectionExpression for GetItem, limited to top-level attributes: a lock
 * reader asks for a few fields, never for nested paths.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { StoredItem } from '../state/cloud-state.ts';
import { type PreparedExpressions, resolveName } from './expression-attributes.ts';

export function projectItem(item: StoredItem, prepared: PreparedExpressions): StoredItem {
  if (!prepared.projection) return item;
  const projected: StoredItem = {};
  for (const path of prepared.projection) {
    const [first, ...rest] = path;
    if (!first || 'index' in first || rest.length > 0)
      throw new CloudApiError(
        'ValidationException',
        'Invalid ProjectionExpression: nested document paths are not supported by the local cloud',
      );
    const name = resolveName(first, prepared.names);
    const value = item[name];
    if (value !== undefined) projected[name] = value;
  }
  return projected;
}
