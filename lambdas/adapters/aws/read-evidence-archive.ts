/**
 * Reads the evidence archive for `akr evidence`: every archived record of the
 * provider (all providers when none is named). The report filters by period
 * and merges with the rebuilt records itself (mergeEvidence), so this only
 * collects. An archive that cannot be read is a warning: the report is still
 * written from history, and says the archive is missing from it.
 */
import { evidencePrefix } from '../../rotation/evidence-archive-key.ts';
import type { EvidenceArchive } from '../../rotation/ports.ts';
import type { EvidenceRecord, Provider } from '../../rotation/rotation-state.ts';

export interface ArchivedEvidence {
  readonly records: readonly EvidenceRecord[];
  readonly warnings: readonly string[];
}

export async function readArchivedEvidence(
  archive: EvidenceArchive,
  options: { readonly provider?: Provider; readonly bucket: string },
): Promise<ArchivedEvidence> {
  const records: EvidenceRecord[] = [];
  try {
    for await (const record of archive.list(evidencePrefix(options.provider))) records.push(record);
    return { records, warnings: [] };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      records,
      warnings: [`evidence archive s3://${options.bucket} could not be read: ${reason}`],
    };
  }
}
