/**
 * The merge point of the two sources of evidence records: those rebuilt from
 * execution history (kept 90 days after an execution closes) and those the
 * Record step archives (kept as long as compliance needs, e.g. a year). An
 * audit looks further back than the history reaches, so the report is their
 * union, one record per rotation.
 *
 * A rotation is identified by its execution ARN (unique per state machine,
 * and a state machine serves one provider); a record without one falls back
 * to provider and rotation id. When both sources hold a rotation, the
 * archived record wins: the workflow wrote it at the time, and an archive
 * with Object Lock cannot have changed since. A difference between the two
 * is reported, never silently resolved, because it means one source is wrong.
 */
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import { isExposureField, normalizeRecord } from './evidence-fields.ts';

export interface MergedEvidence {
  /** One record per rotation, oldest first. */
  readonly records: readonly EvidenceRecord[];
  readonly counts: {
    readonly fromHistory: number;
    readonly fromArchive: number;
    /** Rotations both sources held. */
    readonly inBoth: number;
  };
  /** Rotations whose archived and rebuilt records differ (identified by evidenceKey). */
  readonly conflicts: readonly string[];
}

export function evidenceKey(
  record: Pick<EvidenceRecord, 'executionArn' | 'provider' | 'rotationId'>,
): string {
  return record.executionArn || `${record.provider}/${record.rotationId}`;
}

/** Field by field in the DESIGN order, so two records that say the same thing compare equal. */
function sameRecord(archived: EvidenceRecord, rebuilt: EvidenceRecord): boolean {
  // Compared as the report shows them: the history holds a Lambda cause as the runtime's JSON, which
  // Record archives decoded (and archives written before that hold it raw); both say the same thing.
  const [a, b] = [normalizeRecord(archived), normalizeRecord(rebuilt)];
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof EvidenceRecord)[];
  // A record archived before the exposure fields existed says nothing about them: not a difference.
  const said = (field: keyof EvidenceRecord) => !isExposureField(field) || field in archived;
  return fields.filter(said).every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

function byKey(records: readonly EvidenceRecord[]): Map<string, EvidenceRecord> {
  const map = new Map<string, EvidenceRecord>();
  // Within one source a later copy of the same rotation replaces an earlier one.
  for (const record of records) map.set(evidenceKey(record), record);
  return map;
}

export function mergeEvidence(
  fromHistory: readonly EvidenceRecord[],
  fromArchive: readonly EvidenceRecord[],
): MergedEvidence {
  const history = byKey(fromHistory);
  const archive = byKey(fromArchive);
  const merged = new Map(history);
  const conflicts: string[] = [];
  let inBoth = 0;
  for (const [key, archived] of archive) {
    const rebuilt = history.get(key);
    if (rebuilt) {
      inBoth += 1;
      if (!sameRecord(archived, rebuilt)) conflicts.push(key);
    }
    merged.set(key, archived);
  }
  const records = [...merged.values()].sort(
    (a, b) => a.startedAt.localeCompare(b.startedAt) || evidenceKey(a).localeCompare(evidenceKey(b)),
  );
  return {
    records,
    counts: { fromHistory: history.size, fromArchive: archive.size, inBoth },
    conflicts: conflicts.sort(),
  };
}
