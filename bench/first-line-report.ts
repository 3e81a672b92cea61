/** The README's table for bench/first-line.ts. */
import type { FirstLineReport } from './first-line.ts';
import { fixed, markdownTable } from './markdown-table.ts';

export function firstLineSection(report: FirstLineReport): string {
  const r = 'right' as const;
  const seconds = (ms: number) => fixed(ms / 1000, 2);
  const ratio = (ms: number) => `${fixed(ms / report.cdkSynthMs.median, 3)}×`;
  const table = markdownTable(
    [
      { title: 'run' },
      { title: 'first line s', align: r },
      { title: '× cdk synth', align: r },
      { title: 'first step s', align: r },
    ],
    [
      [
        '`cdk synth -q` (what `npx cdk synth -q` runs; bundles every function)',
        seconds(report.cdkSynthMs.median),
        '1×',
        '–',
      ],
      [
        '`akr rotate --local`, cold (synthesizes, says "synthesizing…")',
        seconds(report.cold.firstLineMs),
        ratio(report.cold.firstLineMs),
        seconds(report.cold.firstStepMs),
      ],
      [
        '`akr rotate --local`, warm (cached template)',
        seconds(report.warm.firstLineMs),
        ratio(report.warm.firstLineMs),
        seconds(report.warm.firstStepMs),
      ],
    ],
  );
  const verdict = report.warmRatio <= report.targetRatio ? 'meets' : 'misses';
  return [
    '### Time to the first line of `akr rotate --local`',
    '',
    `A dry run on a seeded user, from spawning the process to the line arriving; median of ${report.runs} runs, each one \`cdk synth -q\`, one cold and one warm run in turn. ` +
      'The first line comes once the local endpoint is up, before any synth; "first step" is the first step\'s line (the template is read or synthesized, the local Lambda container is up and Plan has run).',
    '',
    table,
    '',
    `Warm: **${fixed(report.warmRatio, 3)}×** of \`cdk synth -q\`, which ${verdict} the target of ≤ ${report.targetRatio}×. ` +
      'Only this part: `npm run bench -- first-line` (`--first-line-runs=N`, default 3).',
  ].join('\n');
}
