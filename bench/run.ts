/**
 * `npm run bench`: issue 7's benchmark. Measures cold init per handler and
 * packaging, one rotation per provider, the fleet at three sizes and the
 * Yandex token cache; prints the Markdown table and writes bench/results.json
 * and bench/README-table.md. It reports figures and never fails on speed.
 *
 * Options: --runs=N (cold-init processes per variant, ≥ 10 by default 11),
 * --sizes=1000,5000,20000, --accounts=N (the principals spread over the hub
 * and N − 1 member accounts; default 20), --fleet-deadline=SECONDS (per size;
 * 0 runs every size to the end), --first-line-runs=N (default 3).
 * `npm run bench -- first-line` measures only the time to the first line of
 * `akr rotate --local` against `cdk synth -q`, and writes bench/first-line.json.
 * `npm run bench -- fleet` measures only the fleet sizes, and writes bench/fleet.json.
 * `npm run bench -- emergency` measures only the emergency rotations'
 * time to revoke (--emergency-runs=N per provider, default 20), and writes
 * bench/emergency.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Packaging } from './bundle.ts';
import { costOf, PRICES } from './cost.ts';
import { measureEmergency } from './emergency.ts';
import { type EmergencyRun, emergencyFigures } from './emergency-figures.ts';
import { type EmergencyBench, emergencySection } from './emergency-report.ts';
import { measureFirstLine } from './first-line.ts';
import { firstLineSection } from './first-line-report.ts';
import { fleetGrowth } from './fleet-figures.ts';
import { type FleetSizePlan, measureFleet } from './fleet-scaling.ts';
import { measurePackaging } from './handler-packaging.ts';
import { fleetTable, renderReport } from './report.ts';
import { type BenchResults, machineInfo, type RotationSection } from './results.ts';
import { measureRotation } from './rotations.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const TARGET_RATIO = 1.25;
const MAX_TRANSITIONS = 12;
/**
 * Safety nets, not budgets: the target is 20,000 principals in under ten
 * minutes on two cores. A size stopped at its deadline is reported as an
 * estimate, never as a result.
 */
const DEFAULT_FLEET_DEADLINES: Readonly<Record<number, number>> = { 1000: 600, 5000: 1200, 20000: 1800 };

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '11' },
    sizes: { type: 'string', default: '1000,5000,20000' },
    accounts: { type: 'string', default: '20' },
    'fleet-deadline': { type: 'string' },
    'first-line-runs': { type: 'string', default: '3' },
    'emergency-runs': { type: 'string', default: '20' },
  },
  allowPositionals: true,
});
const firstLineRuns = Number(values['first-line-runs']);
const emergencyRuns = Number(values['emergency-runs']);
const runs = Number(values.runs);
const sizes = (values.sizes ?? '').split(',').map(Number);
const accounts = Number(values.accounts);
const deadlineOverride =
  values['fleet-deadline'] === undefined ? undefined : Number(values['fleet-deadline']);

const startedAt = performance.now();
const log = (line: string) => {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${seconds} s] ${line}\n`);
};

/** What lib/platform/rotator-function.ts deploys today: the SDK is external exactly when it says so. */
function deployedPackaging(): Packaging {
  const source = readFileSync(join(REPO_ROOT, 'lib', 'rotator-function.ts'), 'utf8');
  return /externalModules:\s*\[\s*'@aws-sdk\/\*'/.test(source) ? 'external' : 'bundled';
}

/** A few emergency rotations per provider, each in a fresh state dir: time to revoke and transitions. */
async function benchEmergency(): Promise<EmergencyBench> {
  log(`emergency rotations: ${emergencyRuns} per provider, zero waits`);
  const root = mkdtempSync(join(tmpdir(), 'akr-bench-emergency-'));
  try {
    const runs: EmergencyRun[] = [];
    for (const provider of ['aws', 'yandex'] as const)
      runs.push(...(await measureEmergency(provider, emergencyRuns, root, log)));
    return {
      runsPerProvider: emergencyRuns,
      figures: (['aws', 'yandex'] as const).map((provider) => emergencyFigures(provider, runs)),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const machine = machineInfo(REPO_ROOT);
log(`bench on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
if (positionals[0] === 'first-line') {
  const firstLine = await measureFirstLine(REPO_ROOT, firstLineRuns, log);
  writeFileSync(
    join(REPO_ROOT, 'bench', 'first-line.json'),
    `${JSON.stringify({ machine, firstLine }, null, 2)}\n`,
  );
  process.stdout.write(`\n${firstLineSection(firstLine)}\n\nWrote bench/first-line.json\n`);
  process.exit(0);
}
if (positionals[0] === 'emergency') {
  const emergency = await benchEmergency();
  writeFileSync(
    join(REPO_ROOT, 'bench', 'emergency.json'),
    `${JSON.stringify({ machine, emergency }, null, 2)}\n`,
  );
  process.stdout.write(`\n${emergencySection(emergency)}\n\nWrote bench/emergency.json\n`);
  process.exit(0);
}
const plans: FleetSizePlan[] = sizes.map((size) => ({
  size,
  deadlineSeconds: deadlineOverride ?? DEFAULT_FLEET_DEADLINES[size] ?? 0,
  accounts,
}));
if (positionals[0] === 'fleet') {
  const fleetRuns = await measureFleet(REPO_ROOT, plans, log);
  const fleet = {
    runs: fleetRuns,
    growth: fleetGrowth(fleetRuns.flatMap((outcome) => (outcome.ok ? [outcome.figures] : []))),
  };
  writeFileSync(join(REPO_ROOT, 'bench', 'fleet.json'), `${JSON.stringify({ machine, fleet }, null, 2)}\n`);
  process.stdout.write(`\n${fleetTable({ fleet })}\n\nWrote bench/fleet.json\n`);
  process.exit(0);
}
const packaging = await measurePackaging(REPO_ROOT, join(REPO_ROOT, 'bench', '.out'), runs, log);

log('rotations: one AWS and two Yandex rotations, zero waits');
const tmpRoot = mkdtempSync(join(tmpdir(), 'akr-bench-'));
const rotations: RotationSection[] = [];
for (const provider of ['aws', 'yandex'] as const) {
  const report = await measureRotation(provider, tmpRoot);
  rotations.push({
    ...report,
    costPer1000: costOf({
      stateTransitions: report.first.stateTransitions,
      lambdaDurationsMs: report.first.lambdaDurationsMs.map((entry) => entry.ms),
    }),
    meetsTransitionTarget: report.first.statesEntered <= MAX_TRANSITIONS,
  });
}
rmSync(tmpRoot, { recursive: true, force: true });
const emergency = await benchEmergency();

const fleetRuns = await measureFleet(REPO_ROOT, plans, log);
log('first line of akr rotate --local, cold and warm, against cdk synth -q');
const firstLine = await measureFirstLine(REPO_ROOT, firstLineRuns, log);
const growth = fleetGrowth(fleetRuns.flatMap((outcome) => (outcome.ok ? [outcome.figures] : [])));

const yandex = rotations.find((section) => section.provider === 'yandex')?.tokenExchanges;
const notes: string[] = [];
const clientCounts = new Set(packaging.rows.map((row) => row.sdkClients.length));
notes.push(
  `Floors use the \`@aws-sdk/client-*\` packages each external artifact imports (${[...clientCounts].sort().join(' or ')} per handler).`,
);
if (packaging.faster !== deployedPackaging()) {
  notes.push(
    `lib/platform/rotator-function.ts deploys ${deployedPackaging()}, but ${packaging.faster} measured faster.`,
  );
}
const stopped = growth.sizes.filter((entry) => !entry.complete).map((entry) => entry.size);
if (stopped.length > 0) {
  notes.push(
    `Fleet sizes ${stopped.join(', ')} were stopped at their deadline to keep the run short: "full run s" is a lower bound at the rate measured so far (\`--fleet-deadline=0\` runs them to the end).`,
  );
}

const results: BenchResults = {
  machine,
  elapsedSeconds: Math.round((performance.now() - startedAt) / 1000),
  prices: { ...PRICES },
  packaging: { ...packaging, deployed: deployedPackaging(), targetRatio: TARGET_RATIO },
  rotations,
  fleet: { runs: fleetRuns, growth },
  yandexTokenExchanges: yandex && { firstRotation: yandex.first, warmRotation: yandex.warm },
  firstLine,
  emergency,
  notes,
};
const table = renderReport(results);
// Six significant digits keep sub-cent costs and millisecond timings alike readable.
const compact = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
writeFileSync(join(REPO_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, compact, 2)}\n`);
writeFileSync(join(REPO_ROOT, 'bench', 'README-table.md'), `${table}\n`);
process.stdout.write(`\n${table}\n\nWrote bench/results.json and bench/README-table.md\n`);
