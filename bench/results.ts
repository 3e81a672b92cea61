/**
 * The shape of bench/results.json: every figure the table shows and the
 * samples behind it, with the machine and versions it was measured on, so a
 * later run can be compared with this one.
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { installedVersion } from '../local/workflow/synthesis-inputs.ts';
import type { Packaging } from './bundle.ts';
import type { RotationCost } from './cost.ts';
import type { EmergencyBench } from './emergency-report.ts';
import type { FirstLineReport } from './first-line.ts';
import type { FleetGrowth } from './fleet-figures.ts';
import type { FleetChildOutcome } from './fleet-scaling.ts';
import type { PackagingReport } from './handler-packaging.ts';
import type { ProviderRotationReport } from './rotations.ts';

export interface MachineInfo {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGb: number;
  /** 1-minute load average at the start: other work on the machine widens the spread. */
  readonly loadAverage: number;
  readonly esbuild: string;
  /** The SDK the external packaging loaded from node_modules (the Lambda runtime ships its own). */
  readonly awsSdkClientIam: string;
}

export interface RotationSection extends ProviderRotationReport {
  readonly costPer1000: RotationCost;
  /** The workflow target: at most 12 transitions per rotation without retries. */
  readonly meetsTransitionTarget: boolean;
}

export interface BenchResults {
  readonly machine: MachineInfo;
  readonly elapsedSeconds: number;
  readonly prices: Readonly<Record<string, string | number>>;
  readonly packaging: PackagingReport & {
    /** What lib/platform/rotator-function.ts deploys after this run's decision. */
    readonly deployed: Packaging;
    readonly targetRatio: number;
  };
  readonly rotations: readonly RotationSection[];
  readonly fleet: { readonly runs: readonly FleetChildOutcome[]; readonly growth: FleetGrowth };
  readonly yandexTokenExchanges:
    | { readonly firstRotation: number; readonly warmRotation: number }
    | undefined;
  /** Absent in results written before it was measured. */
  readonly firstLine?: FirstLineReport;
  /** Emergency rotations' time to revoke; absent in results written before it was measured. */
  readonly emergency?: EmergencyBench;
  readonly notes: readonly string[];
}

export function machineInfo(repoRoot: string): MachineInfo {
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: availableParallelism(),
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    esbuild: installedVersion(repoRoot, 'esbuild', 'unknown'),
    awsSdkClientIam: installedVersion(repoRoot, '@aws-sdk/client-iam', 'unknown'),
  };
}
