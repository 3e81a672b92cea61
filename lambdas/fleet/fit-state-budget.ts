/**
 * Step Functions refuses any state input or output over 256 KiB
 * (States.DataLimitExceeded). The fleet's states never carry the due
 * principals themselves (they are in the work bucket, however many), only
 * counts and lists capped by length; this is the last guard on bytes, for
 * lists whose entries are long (a cause, an ARN), shortening what only
 * explains. The counts always cover everyone.
 */
import type { FleetDiscovery } from './fleet-state.ts';

export const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/** Discover's and Summarize's outputs: far below the state limit, leaving room for the rest of the state. */
export const STATE_BUDGET_BYTES = 128 * 1024;

/** Step Functions counts UTF-8 bytes of the JSON text. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The longest prefix of `items` that fits in `roomBytes`, and the bytes it takes. */
export function takeWhileFits<T>(items: readonly T[], roomBytes: number): { kept: T[]; usedBytes: number } {
  const kept: T[] = [];
  let usedBytes = 0;
  for (const item of items) {
    // One more byte for the comma that separates it from the previous entry.
    const size = jsonBytes(item) + 1;
    if (usedBytes + size > roomBytes) break;
    kept.push(item);
    usedBytes += size;
  }
  return { kept, usedBytes };
}

/**
 * Normal path: the discovery unchanged when it fits in `limitBytes`.
 * Otherwise the unreadable accounts keep as many entries as fit (an operator
 * must act on them), then the skips (why a principal was left alone), then
 * the due details; what is left out is added to the `…NotListed` counts.
 */
export function fitDiscovery(discovery: FleetDiscovery, limitBytes = STATE_BUDGET_BYTES): FleetDiscovery {
  if (jsonBytes(discovery) <= limitBytes) return discovery;
  const baseBytes = jsonBytes({
    ...discovery,
    skipped: [],
    dueDetails: [],
    unreadableAccounts: [],
    skippedNotListed: Number.MAX_SAFE_INTEGER,
    dueNotListed: Number.MAX_SAFE_INTEGER,
    unreadableNotListed: Number.MAX_SAFE_INTEGER,
  });
  let room = limitBytes - baseBytes;
  const unreadable = takeWhileFits(discovery.unreadableAccounts, room);
  room -= unreadable.usedBytes;
  const skips = takeWhileFits(discovery.skipped, room);
  room -= skips.usedBytes;
  const details = takeWhileFits(discovery.dueDetails, room);
  return {
    ...discovery,
    unreadableAccounts: unreadable.kept,
    unreadableNotListed:
      discovery.unreadableNotListed + discovery.unreadableAccounts.length - unreadable.kept.length,
    skipped: skips.kept,
    skippedNotListed: discovery.skippedNotListed + discovery.skipped.length - skips.kept.length,
    dueDetails: details.kept,
    dueNotListed: discovery.dueNotListed + discovery.dueDetails.length - details.kept.length,
  };
}
