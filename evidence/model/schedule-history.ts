/**
 * Proof that the scheduled job ran: the fleet runs of the period by day, per
 * provider, with the gaps flagged.
 *
 * The schedule is daily, so a gap is more than a day without a successful
 * run: consecutive successful runs more than 25 hours apart (a day, plus an
 * hour for scheduler delay and for daylight-saving shifts of a cron kept in
 * a time zone). The stretch from the start of the period to the first run,
 * and from the last run to the end, count too: a job that stopped running is
 * the gap auditors look for. A failed run proves the job started, not that it
 * rotated anything, so it does not close a gap; it is listed on its day.
 * Dry runs count: a deployment may run its schedule in dry-run mode on purpose.
 *
 * A new deployment owes no run before its schedule could first fire: when the
 * state machines were created inside the period, the schedule is judged from
 * that moment, not from the period start. A daily schedule fires at the
 * latest a day after deployment, so a deployment younger than the tolerance
 * with no run yet has no gap (its first run is still ahead) and one older is
 * a `no-run` gap counted from the deployment.
 */
import type { FleetDiscovery, FleetSummary } from '../../lambdas/fleet/fleet-state.ts';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { type ExecutionHistory, isFleetExecution, lastExit, outputField } from './execution-history.ts';

export const SCHEDULE_TOLERANCE_HOURS = 25;
const HOUR_MS = 3_600_000;

export interface FleetRun {
  readonly name: string;
  readonly executionArn: string;
  readonly provider: Provider | undefined;
  readonly status: string;
  readonly startedAt: string;
  readonly stoppedAt: string | null;
  readonly dryRun: boolean;
  readonly counts: FleetSummary['counts'] | null;
}

export interface ScheduleDay {
  readonly date: string;
  readonly provider: Provider | undefined;
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly rotated: number;
}

export interface ScheduleGap {
  readonly provider: Provider | undefined;
  readonly from: string;
  readonly to: string;
  readonly hours: number;
  readonly kind: 'before-first-run' | 'between-runs' | 'since-last-run' | 'no-run';
}

/** A schedule deployed inside the period: judged from its deployment. */
export interface ScheduleDeployment {
  readonly provider: Provider | undefined;
  /** When its state machines were created (DescribeStateMachine `creationDate`). */
  readonly deployedAt: string;
  /** The latest its first daily run may start and still be on time: the deployment plus the tolerance. */
  readonly firstRunDueBy: string;
}

export interface ScheduleHistory {
  readonly expected: 'daily';
  readonly toleranceHours: number;
  readonly deployments: readonly ScheduleDeployment[];
  readonly runs: readonly FleetRun[];
  readonly days: readonly ScheduleDay[];
  readonly gaps: readonly ScheduleGap[];
}

/** @param fallbackProvider the fleet state machine's provider, for a run whose outputs name none. */
export function fleetRunOf(history: ExecutionHistory, fallbackProvider?: Provider): FleetRun | undefined {
  if (!isFleetExecution(history)) return undefined;
  const discovery = outputField<FleetDiscovery>(lastExit(history, 'Discover'), 'discovery');
  const summary = lastExit(history, 'Summarize')?.output as FleetSummary | undefined;
  const input = history.input as { dryRun?: unknown } | undefined;
  return {
    name: history.name,
    executionArn: history.executionArn,
    provider: discovery?.provider ?? summary?.provider ?? fallbackProvider,
    status: history.status,
    startedAt: history.startDate,
    stoppedAt: history.stopDate ?? null,
    dryRun: discovery?.dryRun ?? input?.dryRun === true,
    counts: summary?.counts ?? null,
  };
}

const succeeded = (run: FleetRun) => run.status === 'SUCCEEDED' || run.status === 'RUNNING';

function gapsOf(runs: readonly FleetRun[], provider: Provider | undefined, since: Date, until: Date) {
  if (since.getTime() >= until.getTime()) return [];
  const times = runs.filter(succeeded).map((run) => run.startedAt);
  const gap = (from: string, to: string, kind: ScheduleGap['kind']): ScheduleGap[] => {
    const hours = (Date.parse(to) - Date.parse(from)) / HOUR_MS;
    return hours > SCHEDULE_TOLERANCE_HOURS ? [{ provider, from, to, hours: Math.round(hours), kind }] : [];
  };
  const [first, last] = [times[0], times.at(-1)];
  if (first === undefined || last === undefined)
    return gap(since.toISOString(), until.toISOString(), 'no-run');
  return [
    ...gap(since.toISOString(), first, 'before-first-run'),
    ...times.slice(1).flatMap((to, index) => gap(String(times[index]), to, 'between-runs')),
    ...gap(last, until.toISOString(), 'since-last-run'),
  ];
}

function daysOf(runs: readonly FleetRun[]): ScheduleDay[] {
  const days = new Map<string, ScheduleDay>();
  for (const run of runs) {
    const date = run.startedAt.slice(0, 10);
    const key = `${run.provider ?? ''}|${date}`;
    const day = days.get(key) ?? {
      date,
      provider: run.provider,
      runs: 0,
      succeeded: 0,
      failed: 0,
      rotated: 0,
    };
    days.set(key, {
      ...day,
      runs: day.runs + 1,
      succeeded: day.succeeded + (run.status === 'SUCCEEDED' ? 1 : 0),
      failed: day.failed + (succeeded(run) ? 0 : 1),
      rotated: day.rotated + (run.counts?.rotated ?? 0),
    });
  }
  return [...days.values()];
}

/** When each provider's schedule was deployed, if the caller knows (the remote report reads it). */
export type DeployedAt = (provider: Provider | undefined) => Date | undefined;

/**
 * @param providers the providers whose schedule is expected to run: one
 *   without any run in the period is a `no-run` gap.
 * @param providerOf the provider of the state machine that ran a history, when known.
 * @param deployedAt when each provider's schedule was deployed. @default unknown: judged from the period start
 */
export function buildScheduleHistory(
  histories: readonly ExecutionHistory[],
  period: { readonly since: Date; readonly until: Date },
  providers: readonly Provider[],
  providerOf: (history: ExecutionHistory) => Provider | undefined = () => undefined,
  deployedAt: DeployedAt = () => undefined,
): ScheduleHistory {
  const runs = histories
    .flatMap((history) => fleetRunOf(history, providerOf(history)) ?? [])
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const seen = new Set(runs.map((run) => run.provider));
  const groups = [...new Set<Provider | undefined>([...providers, ...seen])];
  const deployments = groups.flatMap((provider): ScheduleDeployment[] => {
    const at = deployedAt(provider);
    if (!at || at.getTime() <= period.since.getTime()) return [];
    const dueBy = new Date(at.getTime() + SCHEDULE_TOLERANCE_HOURS * HOUR_MS);
    return [{ provider, deployedAt: at.toISOString(), firstRunDueBy: dueBy.toISOString() }];
  });
  const judgedFrom = (provider: Provider | undefined) => {
    const deployment = deployments.find((d) => d.provider === provider);
    return deployment ? new Date(deployment.deployedAt) : period.since;
  };
  return {
    expected: 'daily',
    toleranceHours: SCHEDULE_TOLERANCE_HOURS,
    deployments,
    runs,
    days: daysOf(runs),
    gaps: groups.flatMap((provider) =>
      gapsOf(
        runs.filter((run) => run.provider === provider),
        provider,
        judgedFrom(provider),
        period.until,
      ),
    ),
  };
}
