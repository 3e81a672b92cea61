/**
 * Step Discover of the fleet workflow: which principals are due for rotation
 * today. It only reads (the directory, the keys, the lock), so a dry run and a
 * real run discover exactly the same; the dry run only tells the Map to start nothing.
 *
 * Normal path: validate the input (before any port call) → list the
 * principals in scope → for each, at most `discoveryConcurrency` at a time:
 * skip it if exempt or if its name cannot name a child execution (no call
 * needed), else list its keys and read its lock, and classify it → sort by
 * principal → cap the explanatory lists → return the discovery.
 *
 * Failure path: ValidationError (input, startedAt); FleetTooLargeError when the
 * due names would not fit the Map's input; any port error (TransientError
 * included) propagates, so Step Functions retries the whole step, which is
 * safe because nothing was changed. A principal deleted between listing and
 * reading its keys is no longer in the fleet and is left out.
 */
import { lockId } from '../config/environment.ts';
import { PrincipalNotFoundError, ValidationError } from '../rotation/rotation-errors.ts';
import { mapWithConcurrency } from './bounded-concurrency.ts';
import { runDateOf, unusableNameReason } from './child-execution-name.ts';
import { classifyPrincipal, type Verdict } from './classify-principal.ts';
import { assertDueListFits, fitDiscovery } from './fit-state-budget.ts';
import type { FleetPorts, FleetPrincipal } from './fleet-ports.ts';
import {
  type DiscoverRequest,
  type DueDetail,
  type FleetDiscovery,
  type FleetSkip,
  SKIPPED_LIST_LIMIT,
  type SkipReason,
} from './fleet-state.ts';
import { DAY_MS, dueAtAgeMs } from './key-age.ts';
import { exemptionOf } from './principal-scope.ts';
import { parseFleetInput, type ValidatedFleetInput } from './validate-fleet-input.ts';

interface RunContext {
  readonly ports: FleetPorts;
  readonly input: ValidatedFleetInput;
  readonly runDate: string;
  readonly now: Date;
  readonly dueAtAgeMs: number;
}

function parseStartedAt(startedAt: unknown): Date {
  const started = typeof startedAt === 'string' ? new Date(startedAt) : new Date(Number.NaN);
  if (Number.isNaN(started.getTime()))
    throw new ValidationError('startedAt', 'must be the execution start time as an ISO 8601 timestamp');
  return started;
}

/** Code-point order, not locale order: the same output on every machine. */
function byPrincipal<T extends { readonly principal: string }>(a: T, b: T): number {
  return a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0;
}

/** A name listed twice (a repeated setting) would start the same child twice; once is enough. */
async function collectPrincipals(ports: FleetPorts): Promise<FleetPrincipal[]> {
  const byName = new Map<string, FleetPrincipal>();
  for await (const principal of ports.directory.listPrincipals())
    if (!byName.has(principal.principal)) byName.set(principal.principal, principal);
  return [...byName.values()].sort(byPrincipal);
}

/** @returns undefined when the principal vanished after it was listed. */
async function examine(candidate: FleetPrincipal, run: RunContext): Promise<Verdict | undefined> {
  const { ports, input } = run;
  const { principal } = candidate;
  const exemption = exemptionOf(candidate, ports.fleetSettings);
  if (exemption !== undefined) return { skip: { principal, reason: 'EXEMPT', detail: exemption } };
  const unusable = unusableNameReason(principal, run.runDate, input, ports.settings);
  if (unusable !== undefined) return { skip: { principal, reason: 'NAME_NOT_USABLE', detail: unusable } };
  try {
    const [keys, holder] = await Promise.all([
      ports.directory.listKeys(principal),
      ports.lock.holder(lockId(ports.settings.provider, principal)),
    ]);
    return classifyPrincipal({ principal, keys, holder }, { now: run.now, dueAtAgeMs: run.dueAtAgeMs });
  } catch (error) {
    if (error instanceof PrincipalNotFoundError) return undefined;
    throw error;
  }
}

function countByReason(skips: readonly FleetSkip[]): Partial<Record<SkipReason, number>> {
  const counts: Partial<Record<SkipReason, number>> = {};
  for (const { reason } of skips) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

export async function discoverFleet(request: DiscoverRequest, ports: FleetPorts): Promise<FleetDiscovery> {
  const input = parseFleetInput(request.input, ports.settings, ports.fleetSettings);
  const runDate = runDateOf(parseStartedAt(request.startedAt));
  const run: RunContext = {
    ports,
    input,
    runDate,
    now: ports.clock.now(),
    dueAtAgeMs: dueAtAgeMs(input.maxKeyAgeDays, input.gracePeriodSeconds, input.deletionDelaySeconds),
  };

  const principals = await collectPrincipals(ports);
  const verdicts = await mapWithConcurrency(principals, ports.fleetSettings.discoveryConcurrency, (p) =>
    examine(p, run),
  );
  const due: DueDetail[] = [];
  const skips: FleetSkip[] = [];
  for (const verdict of verdicts) {
    if (verdict === undefined) continue;
    if ('due' in verdict) due.push(verdict.due);
    else skips.push(verdict.skip);
  }
  const dueNames = due.map((detail) => detail.principal);
  assertDueListFits(dueNames);

  return fitDiscovery({
    provider: ports.settings.provider,
    executionArn: request.executionArn,
    runDate,
    dryRun: input.dryRun,
    maxKeyAgeDays: input.maxKeyAgeDays,
    dueAtAgeDays: run.dueAtAgeMs / DAY_MS,
    gracePeriodSeconds: input.gracePeriodSeconds,
    deletionDelaySeconds: input.deletionDelaySeconds,
    scanned: due.length + skips.length,
    due: dueNames,
    dueDetails: due.slice(0, SKIPPED_LIST_LIMIT),
    skipped: skips.slice(0, SKIPPED_LIST_LIMIT),
    skippedCounts: countByReason(skips),
    skippedNotListed: Math.max(0, skips.length - SKIPPED_LIST_LIMIT),
  });
}
