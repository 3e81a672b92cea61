/**
 * Renders bench/results.json as the Markdown the terminal prints and the
 * README shows: one table per question of issue 7, each with the target it
 * is measured against and how the figure was taken.
 */

import { emergencySection } from './emergency-report.ts';
import { firstLineSection } from './first-line-report.ts';
import type { FleetRunFigures } from './fleet-figures.ts';
import { fixed, kilobytes, markdownTable, usd } from './markdown-table.ts';
import type { BenchResults } from './results.ts';

function packagingTable(results: BenchResults): string {
  const { packaging } = results;
  const handlers = [...new Set(packaging.rows.map((row) => row.handler))];
  const rows = handlers.map((handler) => {
    const of = (p: string) => packaging.rows.find((row) => row.handler === handler && row.packaging === p);
    const ext = of('external');
    const bun = of('bundled');
    const cells = (row: typeof ext) =>
      row
        ? [
            kilobytes(row.bytes),
            fixed(row.coldInit.processMs),
            fixed(row.clientsFloor.processMs),
            `${fixed(row.ratioToClientsFloor, 2)}×`,
          ]
        : ['–', '–', '–', '–'];
    return [handler, String(ext?.sdkClients.length ?? 0), ...cells(ext), ...cells(bun)];
  });
  const r = 'right' as const;
  const table = markdownTable(
    [
      { title: 'handler' },
      { title: 'SDK clients', align: r },
      { title: 'external KB', align: r },
      { title: 'init ms', align: r },
      { title: 'floor ms', align: r },
      { title: 'ratio', align: r },
      { title: 'bundled KB', align: r },
      { title: 'init ms', align: r },
      { title: 'floor ms', align: r },
      { title: 'ratio', align: r },
    ],
    rows,
  );
  const deployedRows = packaging.rows.filter((row) => row.packaging === packaging.deployed);
  const within = deployedRows.filter((row) => row.ratioToClientsFloor <= packaging.targetRatio).length;
  return [
    '### Cold init per Lambda handler',
    '',
    `Cold init = ${packaging.measure}; median of ${packaging.runsPerVariant} runs. ` +
      `Empty Node start: **${fixed(packaging.emptyStart.processMs)} ms**. ` +
      '"floor" = a module that only constructs the SDK clients the artifact imports, packaged the same way; ratio = init / floor (target ≤ ' +
      `${packaging.targetRatio}×).`,
    '',
    table,
    '',
    `Sum of medians: external ${fixed(packaging.totalMs.external, 0)} ms, bundled ${fixed(packaging.totalMs.bundled, 0)} ms → ` +
      `**${packaging.faster}** is faster; deployed: **${packaging.deployed}** (SDK ${packaging.deployed === 'bundled' ? 'bundled and minified' : 'left to the runtime'}). ` +
      `${within} of ${deployedRows.length} handlers are within ${packaging.targetRatio}× of their floor as deployed.`,
  ].join('\n');
}

function services(byService: Readonly<Record<string, number>>): string {
  return Object.entries(byService)
    .sort((a, b) => b[1] - a[1])
    .map(([service, count]) => `${service} ${count}`)
    .join(', ');
}

function rotationTable(results: BenchResults): string {
  const rows = results.rotations.map((section) => {
    const usage = section.first;
    const lambdaMs = usage.lambdaDurationsMs.reduce((sum, entry) => sum + entry.ms, 0);
    return [
      section.provider,
      `${usage.stateTransitions}${section.meetsTransitionTarget ? '' : ' (> 12)'}`,
      String(usage.lambdaInvocations),
      fixed(lambdaMs, 0),
      `${usage.apiCalls}: ${services(usage.apiCallsByService)}`,
      usd(section.costPer1000.stepFunctionsUsd),
      usd(section.costPer1000.lambdaRequestsUsd + section.costPer1000.lambdaComputeUsd),
      usd(section.costPer1000.totalUsd),
    ];
  });
  const r = 'right' as const;
  return [
    '### Per rotation (zero waits, no retries)',
    '',
    markdownTable(
      [
        { title: 'provider' },
        { title: 'transitions', align: r },
        { title: 'Lambda calls', align: r },
        { title: 'Lambda ms', align: r },
        { title: 'API calls (by service)' },
        { title: 'SFN $/1k', align: r },
        { title: 'Lambda $/1k', align: r },
        { title: 'total $/1k', align: r },
      ],
      rows,
    ),
    '',
    `Target: ≤ 12 state transitions per rotation without retries. Prices: ${String(results.prices.source)}; ` +
      `${results.prices.lambdaMemoryMb} MB, each measured duration rounded up to 1 ms. Durations are local (loopback API calls).`,
  ].join('\n');
}

const STATE_LIMIT_KIB = 256;

function payloadCell(payload: FleetRunFigures['largestStatePayload']): string {
  if (!payload) return '–';
  const kib = payload.bytes / 1024;
  return `${fixed(kib, 1)} (${payload.state})${kib > STATE_LIMIT_KIB ? ' **over**' : ''}`;
}

export function fleetTable(results: Pick<BenchResults, 'fleet'>): string {
  const { growth, runs } = results.fleet;
  const rows = growth.sizes.map((entry) => {
    const run = runs.find((outcome) => outcome.ok && outcome.figures.size === entry.size);
    const figures = run?.ok ? run.figures : undefined;
    const done = figures ? `${figures.rotated}/${entry.size}` : '–';
    const wall = figures ? fixed(figures.wallMs / 1000) : '–';
    const estimate = entry.complete
      ? fixed(entry.totalMs / 1000)
      : `≥ ${fixed(entry.totalMs / 1000, 0)} (est.)`;
    const accounts = figures?.accounts ?? 1;
    return [
      accounts > 1 ? `${entry.size} over ${accounts} accounts` : String(entry.size),
      done,
      figures ? String(figures.failed) : '–',
      wall,
      estimate,
      fixed(entry.principalsPerSecond, 2),
      fixed(entry.msPerPrincipal, 0),
      entry.growthFromPrevious === undefined ? '–' : `${fixed(entry.growthFromPrevious, 2)}×`,
      figures?.cpuMs === undefined ? '–' : fixed(figures.cpuMs / Math.max(1, figures.rotated), 0),
      figures?.loadAverage === undefined ? '–' : fixed(figures.loadAverage, 1),
      figures ? String(figures.peakRssMb) : '–',
      payloadCell(figures?.largestStatePayload),
    ];
  });
  const died = runs.filter((outcome) => !outcome.ok).map((o) => `${o.size}: ${o.error}`);
  const failedRotations = runs.flatMap((outcome) => {
    const first = outcome.ok ? outcome.figures.failures[0] : undefined;
    return first
      ? [`${outcome.ok ? outcome.figures.size : ''}: ${first.error} (${first.cause ?? 'no cause'})`]
      : [];
  });
  const r = 'right' as const;
  return [
    '### Fleet (local, zero waits, MaxConcurrency from the definition)',
    '',
    markdownTable(
      [
        { title: 'principals', align: r },
        { title: 'rotated', align: r },
        { title: 'failed', align: r },
        { title: 'wall s', align: r },
        { title: 'full run s', align: r },
        { title: 'principals/s', align: r },
        { title: 'ms/principal', align: r },
        { title: 'per-principal growth', align: r },
        { title: 'CPU ms/principal', align: r },
        { title: 'load at end', align: r },
        { title: 'peak RSS MB', align: r },
        { title: 'largest state KiB (limit 256)' },
      ],
      rows,
    ),
    '',
    `A deployed fleet fails with States.DataLimitExceeded where a state is **over** ${STATE_LIMIT_KIB} KiB; the local runner does not enforce the limit. ` +
      `Time ∝ principals^${fixed(growth.exponent, 2)} (log-log fit r² ${fixed(growth.exponentR2, 3)}; ` +
      `straight line r² ${fixed(growth.linearR2, 3)}); target: linear (exponent ≈ 1, per-principal growth ≈ 1×).`,
    ...(died.length > 0 ? ['', `Runs that died: ${died.join('; ')}`] : []),
    ...(failedRotations.length > 0
      ? ['', `First failed rotation per size: ${failedRotations.join('; ')}`]
      : []),
  ].join('\n');
}

export function renderReport(results: BenchResults): string {
  const { machine } = results;
  const yandex = results.yandexTokenExchanges;
  return [
    `## Benchmarks (${machine.date.slice(0, 10)}, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, load ${machine.loadAverage} at start)`,
    '',
    packagingTable(results),
    '',
    rotationTable(results),
    '',
    ...(results.emergency ? [emergencySection(results.emergency), ''] : []),
    fleetTable(results),
    '',
    '### Yandex token exchanges',
    '',
    yandex
      ? `CreateIamToken calls: ${yandex.firstRotation} in the first rotation of a container, **${yandex.warmRotation}** in a rotation with a warm token cache.`
      : 'Not measured.',
    ...(results.firstLine ? ['', firstLineSection(results.firstLine)] : []),
    ...(results.notes.length > 0 ? ['', '### Notes', '', ...results.notes.map((note) => `- ${note}`)] : []),
    '',
    `Reproduce: \`npm run bench\` (about ${Math.ceil(results.elapsedSeconds / 60)} min here); figures in \`bench/results.json\`.`,
  ].join('\n');
}
