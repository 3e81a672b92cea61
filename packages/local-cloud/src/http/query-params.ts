/**
 * Reads the flattened parameters of the AWS Query protocol, where a list of
 * structures arrives as `Tags.member.1.Key=…&Tags.member.1.Value=…` and a map
 * as `Attributes.entry.1.key=…&Attributes.entry.1.value=…`.
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

/**
 * The entries of map `name`, in entry order, each keyed by the rest of its
 * parameter name: `MessageAttributes.entry.1.Value.DataType` gives
 * `{ 'Value.DataType': … }` in entry 1. The key and value member names depend
 * on the service (`key`/`value`, or e.g. `Name`/`Value` in SNS).
 */
export function entryStructures(params: QueryParams, name: string): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  const prefix = `${name}.entry.`;
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    if (dot < 1) continue;
    const index = Number(rest.slice(0, dot));
    const entry = byIndex.get(index) ?? {};
    entry[rest.slice(dot + 1)] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}
