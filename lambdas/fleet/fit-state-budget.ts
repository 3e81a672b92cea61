/**
 * Step Functions refuses any state input or output over 256 KiB
 * (States.DataLimitExceeded), and Discover's output becomes the Map's input.
 * The due names must all travel (each is a child rotation); the lists that
 * only explain (skips, due details) are shortened to fit instead.
 */
import { FleetTooLargeError } from './fleet-errors.ts';
import type { FleetDiscovery } from './fleet-state.ts';

export const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/** The Map's items: the most the due names may take. */
export const DUE_LIST_LIMIT_BYTES = 200_000;

/** The whole discovery: below the state limit, leaving room for the execution input beside it. */
export const DISCOVERY_LIMIT_BYTES = 240_000;

/** Step Functions counts UTF-8 bytes of the JSON text. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Normal path: returns quietly. Failure path: FleetTooLargeError, telling the
 * operator to split the fleet; nothing has been started at that point.
 */
export function assertDueListFits(due: readonly string[], limitBytes = DUE_LIST_LIMIT_BYTES): void {
  const bytes = jsonBytes(due);
  if (bytes > limitBytes) throw new FleetTooLargeError(due.length, bytes, limitBytes);
}

function takeWhileFits<T>(items: readonly T[], roomBytes: number): { kept: T[]; usedBytes: number } {
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
 * Otherwise the skips keep as many entries as fit (they say why a principal
 * was left alone, so they come first), then the due details; the skips left
 * out are added to `skippedNotListed`, and `dueDetails` is simply shorter than
 * `due`. The counts in `skippedCounts` always cover everyone.
 */
export function fitDiscovery(discovery: FleetDiscovery, limitBytes = DISCOVERY_LIMIT_BYTES): FleetDiscovery {
  if (jsonBytes(discovery) <= limitBytes) return discovery;
  const baseBytes = jsonBytes({
    ...discovery,
    skipped: [],
    dueDetails: [],
    skippedNotListed: Number.MAX_SAFE_INTEGER,
  });
  const skips = takeWhileFits(discovery.skipped, limitBytes - baseBytes);
  const details = takeWhileFits(discovery.dueDetails, limitBytes - baseBytes - skips.usedBytes);
  return {
    ...discovery,
    skipped: skips.kept,
    skippedNotListed: discovery.skippedNotListed + discovery.skipped.length - skips.kept.length,
    dueDetails: details.kept,
  };
}
