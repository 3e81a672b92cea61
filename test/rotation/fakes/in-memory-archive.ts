/**
 * A fake of the evidence archive: objects by key, exactly as the S3 adapter
 * would name them. Writes are logged as mutating calls; `failNext` on
 * `archive.put` replays an S3 outage.
 */
import { evidenceObjectBody, evidenceObjectKey } from '../../../lambdas/rotation/evidence-archive-key.ts';
import type { EvidenceArchive } from '../../../lambdas/rotation/ports.ts';
import type { EvidenceRecord } from '../../../lambdas/rotation/rotation-state.ts';
import type { CallLog } from './call-log.ts';

export class InMemoryArchive implements EvidenceArchive {
  /** Object bodies by key. */
  readonly objects = new Map<string, string>();
  /** How many times each key was written (a retry writes the same key again). */
  readonly writes = new Map<string, number>();
  private readonly log: CallLog;

  constructor(log: CallLog) {
    this.log = log;
  }

  records(): EvidenceRecord[] {
    return [...this.objects.values()].map((body) => JSON.parse(body) as EvidenceRecord);
  }

  put(record: EvidenceRecord): Promise<void> {
    return this.log.run('archive.put', true, [record], () => {
      const key = evidenceObjectKey(record);
      this.objects.set(key, evidenceObjectBody(record));
      this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
    });
  }

  async *list(prefix = ''): AsyncIterable<EvidenceRecord> {
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    for (const key of keys) yield JSON.parse(this.objects.get(key) ?? 'null') as EvidenceRecord;
  }
}
