/**
 * The emergency section of the benchmark report: time to revoke per
 * provider (median, p95, max over the runs) and the state transitions of
 * one emergency rotation, with the path it took.
 */
import type { EmergencyFigures } from './emergency-figures.ts';
import { fixed, markdownTable } from './markdown-table.ts';

export interface EmergencyBench {
  readonly runsPerProvider: number;
  readonly figures: readonly EmergencyFigures[];
}

const REVOCATION_WORDS: Readonly<Record<string, string>> = {
  DEACTIVATED: 'Inactive',
  DELETED: 'deleted',
};

function seconds(ms: number | undefined): string {
  return ms === undefined ? '–' : fixed(ms / 1000, 2);
}

function transitions(range: EmergencyFigures['stateTransitions']): string {
  return range.min === range.max ? String(range.min) : `${range.min}–${range.max}`;
}

export function emergencySection(bench: EmergencyBench): string {
  const r = 'right' as const;
  const rows = bench.figures.map((f) => [
    f.provider,
    `${f.revoked}/${f.runs}`,
    f.revocation ? (REVOCATION_WORDS[f.revocation] ?? f.revocation) : 'none',
    seconds(f.timeToRevokeMs?.median),
    seconds(f.timeToRevokeMs?.p95),
    seconds(f.timeToRevokeMs?.max),
    transitions(f.stateTransitions),
  ]);
  const paths = bench.figures.map((f) => `- ${f.provider}: ${f.path.join(' → ')}`);
  return [
    '### Emergency rotation: time to revoke (local, zero waits)',
    '',
    `${bench.runsPerProvider} emergency rotations per provider, each of its own principal, \`deletionDelaySeconds\` 0 (an emergency rotation has no grace period). Time to revoke = the evidence record's \`revokedAt\` − \`exposureReportedAt\`, the exposure being reported just before the execution starts; AWS revokes by setting the key Inactive, Yandex by deleting it (a static key's only revocation).`,
    '',
    markdownTable(
      [
        { title: 'provider' },
        { title: 'revoked', align: r },
        { title: 'revocation' },
        { title: 'median s', align: r },
        { title: 'p95 s', align: r },
        { title: 'max s', align: r },
        { title: 'transitions', align: r },
      ],
      rows,
    ),
    '',
    'States of one emergency rotation:',
    ...paths,
  ].join('\n');
}
