/**
 * One fleet size, in its own process so its peak memory is its own: seeds N
 * due IAM users over A accounts (fleet-world.ts) in a fresh state dir, runs
 * the synthesized fleet workflow with zero waits, and prints one `RESULT`
 * line of JSON. Past the deadline it stops the fleet execution (as
 * StopExecution would) and reports how far it got, never a guess as a result.
 *
 * Usage: node bench/fleet-child.ts <principals> <deadlineSeconds|0> [accounts, default 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { openLocalAwsEndpoint } from '../local/local-aws-endpoint.ts';
import { openLocalRotator } from '../local/local-rotation.ts';
import type { FleetRunFigures } from './fleet-figures.ts';
import { seedFleetWorld } from './fleet-world.ts';

const size = Number(process.argv[2]);
const deadlineSeconds = Number(process.argv[3] ?? 0);
const accounts = Number(process.argv[4] ?? 1);
if (!Number.isInteger(size) || size <= 0 || !Number.isInteger(accounts) || accounts < 1)
  throw new Error('usage: fleet-child.ts <principals> <deadlineSeconds> [accounts]');
const emit = (kind: 'PROGRESS' | 'RESULT', value: unknown) =>
  process.stdout.write(`${kind} ${JSON.stringify(value)}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const stateDir = mkdtempSync(join(tmpdir(), `akr-bench-fleet-${size}-`));
let started = performance.now();
const endpoint = await openLocalAwsEndpoint(stateDir);
const cloud = endpoint.cloud;
if (!cloud) throw new Error('the benchmark needs the embedded local cloud: unset AWS_ENDPOINT_URL');
seedFleetWorld(cloud, stateDir, size, accounts);
const seedMs = performance.now() - started;
started = performance.now();
const rotator = await openLocalRotator(stateDir, { provider: 'aws', endpoint });
const setupMs = performance.now() - started;

// rss() alone: the full memoryUsage() walks the heap spaces, a cost the sampled run would pay every 100 ms.
const baselineRssMb = mb(process.memoryUsage.rss());
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 500);
const name = `bench-fleet-${size}`;
let stopped = false;
const deadline =
  deadlineSeconds > 0
    ? setTimeout(() => {
        stopped = true;
        rotator.history.requestStop(name, `benchmark deadline of ${deadlineSeconds} s`);
      }, deadlineSeconds * 1000)
    : undefined;

let discoverMs: number | undefined;
let largestStatePayload: { bytes: number; state: string } | undefined;
const notePayload = (state: string, payload: unknown) => {
  if (payload === undefined) return;
  const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (bytes > (largestStatePayload?.bytes ?? -1)) largestStatePayload = { bytes, state };
};
let rotated = 0;
let failed = 0;
/** The first few failures, so a broken run says why instead of only how often. */
const failures: { principal: string; error?: string; cause?: string }[] = [];
const progress: { done: number; ms: number }[] = [];
// Often enough to watch a slow size move, rarely enough not to flood the log.
const step = Math.max(1, Math.min(50, Math.round(size / 20)));
started = performance.now();
const { execution, summary } = await rotator.runFleet({
  name,
  input: { gracePeriodSeconds: 0, deletionDelaySeconds: 0 },
  onEvent: (event) => {
    if (event.type === 'StateExited' && event.stateName === 'Discover')
      discoverMs = performance.now() - started;
    // The fleet's own states (its Map Runs' children keep their histories apart, as in Step Functions).
    if (event.stateName) {
      if (event.type === 'StateEntered') notePayload(`${event.stateName} input`, event.input);
      if (event.type === 'StateExited') notePayload(`${event.stateName} output`, event.output);
    }
  },
  onChildEvent: (principal, event) => {
    if (event.type === 'ExecutionFailed' || event.type === 'ExecutionAborted') {
      failed += 1;
      if (failures.length < 5)
        failures.push({ principal, error: event.error, cause: event.cause?.slice(0, 500) });
    }
    if (event.type !== 'ExecutionSucceeded') return;
    rotated += 1;
    if (rotated % step === 0 || rotated === size) {
      progress.push({ done: rotated, ms: Math.round(performance.now() - started) });
      emit('PROGRESS', { size, rotated, ms: Math.round(performance.now() - started) });
    }
  },
});
const wallMs = performance.now() - started;
clearInterval(sampler);
clearTimeout(deadline);
peakRss = Math.max(peakRss, process.memoryUsage.rss());

const result: FleetRunFigures = {
  size,
  accounts,
  status: execution.status,
  complete: !stopped && execution.status === 'SUCCEEDED' && rotated === size,
  deadlineSeconds: deadlineSeconds > 0 ? deadlineSeconds : undefined,
  seedMs,
  setupMs,
  discoverMs,
  wallMs,
  rotated,
  failed,
  failures,
  summaryCounts: summary?.counts,
  peakRssMb: mb(peakRss),
  baselineRssMb,
  maxRssMb: Math.round(resourceUsage().maxRSS / 1024),
  progress,
  largestStatePayload,
};
emit('RESULT', result);
// In-flight child rotations of a stopped fleet must not hold the process open.
await rotator.close().catch(() => undefined);
await endpoint.close().catch(() => undefined);
// A 5,000-principal state dir holds tens of MB of histories nobody reads after the figures.
rmSync(stateDir, { recursive: true, force: true });
process.exit(0);
