/**
 * Reads the flattened parameters of the AWS Query protocol, where a list of
 * structures arrives as `Tags.member.1.Key=…&Tags.member.1.Value=…`.
 */
import type { QueryParams } from './call-context.ts';

/** The structures of list `name`, in member order (1-based indexes on the wire). */
export function memberStructures(params: QueryParams, name: string): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  const prefix = `${name}.member.`;
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(prefix)) continue;
    const [index, field] = key.slice(prefix.length).split('.');
    if (index === undefined || field === undefined) continue;
    const entry = byIndex.get(Number(index)) ?? {};
    entry[field] = value;
    byIndex.set(Number(index), entry);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}

/** The scalar members of list `name`, e.g. `TagKeys.member.1=env`. */
export function memberValues(params: QueryParams, name: string): string[] {
  const prefix = `${name}.member.`;
  return Object.entries(params)
    .filter(([key]) => key.startsWith(prefix) && !key.slice(prefix.length).includes('.'))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, value]) => value);
}
