/**
 * IAM-style pagination: MaxItems, IsTruncated and an opaque Marker. The marker
 * names the last item returned rather than an offset, so a page boundary stays
 * correct when items before it are deleted between calls (as a rotation does).
 */
import { CloudApiError } from '../cloud-api-error.ts';

export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

/**
 * @param sorted items in ascending order of `keyOf`.
 * @param invalidMarker the error for a marker this function did not issue (SNS names it differently).
 */
export function pageOf<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  marker: string | undefined,
  maxItems: number,
  invalidMarker: () => CloudApiError = () => new CloudApiError('ValidationError', 'Invalid Marker.', 400),
): Page<T> {
  const after = marker === undefined ? undefined : decodeMarker(marker, invalidMarker);
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const items = rest.slice(0, maxItems);
  const last = items.at(-1);
  if (rest.length <= maxItems || last === undefined) return { items, isTruncated: false };
  return { items, isTruncated: true, marker: Buffer.from(keyOf(last), 'utf8').toString('base64url') };
}

function decodeMarker(marker: string, invalid: () => CloudApiError): string {
  const decoded = Buffer.from(marker, 'base64url').toString('utf8');
  if (decoded === '' || Buffer.from(decoded, 'utf8').toString('base64url') !== marker) throw invalid();
  return decoded;
}
