/**
 * Writes what a Distributed Map's ResultWriter writes, the way AWS lays it
 * out, to any FleetWorkStore: `<prefix>/<map run id>/manifest.json` and
 * `SUCCEEDED_0.json` / `FAILED_0.json` (JSON arrays of child executions whose
 * Input and Output are JSON text). `runFleetMaps` plays both nested Maps of
 * the fleet over what Discover wrote, so Summarize can be tested on it.
 */
import type { FleetWorkStore } from '../../../lambdas/fleet/fleet-ports.ts';
import type {
  DueAccount,
  DueItem,
  FleetDiscovery,
  FleetItemResult,
  MapResults,
} from '../../../lambdas/fleet/fleet-state.ts';

export interface ChildRecord {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

let mapRuns = 0;

export async function writeMapRun(
  store: FleetWorkStore,
  prefix: string,
  records: readonly ChildRecord[],
  pending: readonly unknown[] = [],
): Promise<MapResults> {
  mapRuns += 1;
  const runId = `00000000-0000-0000-0000-${String(mapRuns).padStart(12, '0')}`;
  const mapRunArn = `arn:aws:states:eu-west-1:123456789012:mapRun:akr-fleet-aws/map:${runId}`;
  const base = `${prefix}/${runId}`;
  const files: Record<string, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  const write = async (category: string, entries: unknown[]) => {
    if (entries.length === 0) return;
    const key = `${base}/${category}_0.json`;
    await store.putJson(key, entries);
    files[category]?.push({ Key: key, Size: JSON.stringify(entries).length });
  };
  const rendered = (record: ChildRecord, index: number) => ({
    ExecutionArn: `arn:aws:states:eu-west-1:123456789012:execution:akr-fleet-aws/map:${runId}-${index}`,
    Input: JSON.stringify(record.input),
    InputDetails: { Included: true },
    Name: `${runId}-${index}`,
    ...(record.output !== undefined && { Output: JSON.stringify(record.output) }),
    OutputDetails: { Included: true },
    StartDate: '2030-01-01T03:00:00.000Z',
    StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:akr-fleet-aws/map',
    Status: record.status,
    StopDate: '2030-01-01T03:10:00.000Z',
    ...(record.error !== undefined && { Error: record.error }),
    ...(record.cause !== undefined && { Cause: record.cause }),
  });
  await write('SUCCEEDED', records.filter((r) => r.status === 'SUCCEEDED').map(rendered));
  await write('FAILED', records.filter((r) => r.status !== 'SUCCEEDED').map(rendered));
  await write(
    'PENDING',
    pending.map((input) => ({ Input: JSON.stringify(input), Status: 'PENDING' })),
  );
  const manifest = { DestinationBucket: store.bucket, MapRunArn: mapRunArn, ResultFiles: files };
  await store.putJson(`${base}/manifest.json`, manifest);
  return {
    MapRunArn: mapRunArn,
    ResultWriterDetails: { Bucket: store.bucket, Key: `${base}/manifest.json` },
  };
}

/** How one account's rotations end: per principal, or the whole account's Map failing. */
export type AccountPlay =
  | { readonly itemResult: (item: DueItem) => FleetItemResult }
  | { readonly mapFails: { readonly error: string; readonly cause: string } };

/** Plays RotateAccounts → RotateAccountPrincipals over the items Discover wrote, as Step Functions would. */
export async function runFleetMaps(
  store: FleetWorkStore,
  discovery: FleetDiscovery,
  play: (account: string) => AccountPlay,
): Promise<MapResults> {
  const accounts = (await store.getJson(discovery.accountsKey)) as DueAccount[];
  const outer: ChildRecord[] = [];
  for (const due of accounts) {
    const input = {
      account: due.account,
      itemsKey: due.itemsKey,
      gracePeriodSeconds: discovery.gracePeriodSeconds,
      deletionDelaySeconds: discovery.deletionDelaySeconds,
    };
    const how = play(due.account);
    if ('mapFails' in how) {
      outer.push({
        status: 'SUCCEEDED',
        input,
        output: { account: due.account, status: 'FAILED', ...how.mapFails },
      });
      continue;
    }
    const items = (await store.getJson(due.itemsKey)) as DueItem[];
    const inner: ChildRecord[] = items.map((item) => {
      const itemInput = {
        ...item,
        gracePeriodSeconds: input.gracePeriodSeconds,
        deletionDelaySeconds: input.deletionDelaySeconds,
      };
      return { status: 'SUCCEEDED', input: itemInput, output: how.itemResult(item) };
    });
    const run = await writeMapRun(store, 'fleet-results/principals', inner);
    outer.push({ status: 'SUCCEEDED', input, output: { ...input, run } });
  }
  return writeMapRun(store, 'fleet-results/accounts', outer);
}

export const rotatedAll = (): AccountPlay => ({
  itemResult: (item) => ({
    principal: item.principal,
    status: 'SUCCEEDED',
    executionArn: `arn:aws:states:eu-west-1:123456789012:execution:akr-aws:${item.name}`,
  }),
});
