/**
 * The merge point of history and archive: one record per rotation, the
 * archive's when both hold it, differences reported.
 */
import { describe, expect, it } from 'vitest';
import { evidenceKey, mergeEvidence } from '../../evidence/model/merge-evidence.ts';
import { record } from './support/report-fixtures.ts';

describe('mergeEvidence', () => {
  it('keeps one record per rotation when both sources hold it', () => {
    // Prepare: b in both; a only archived (older than the history's 90 days); c only in the history.
    const a = record({ rotationId: 'a', startedAt: '2026-01-01T00:00:00.000Z' });
    const b = record({ rotationId: 'b', startedAt: '2026-10-01T00:00:00.000Z' });
    const c = record({ rotationId: 'c', startedAt: '2026-11-01T00:00:00.000Z' });

    // Act
    const merged = mergeEvidence([b, c], [a, b]);

    // Assess
    expect(merged.records.map((r) => r.rotationId)).toEqual(['a', 'b', 'c']);
    expect(merged.counts).toEqual({ fromHistory: 2, fromArchive: 2, inBoth: 1 });
    expect(merged.conflicts).toEqual([]);
  });

  it('prefers the archived record when the two differ, and reports the difference', () => {
    const archived = record({ rotationId: 'x', retiredAt: '2026-11-08T03:00:06.000Z' });
    const rebuilt = record({ rotationId: 'x', retiredAt: null });

    const merged = mergeEvidence([rebuilt], [archived]);

    expect(merged.records).toEqual([archived]);
    expect(merged.conflicts).toEqual([archived.executionArn]);
  });

  it("finds no conflict between a cause archived decoded and the history's runtime JSON of it", () => {
    const failure = (cause: string) => ({ error: 'OldKeyStillInUseError', cause });
    const runtimeJson = JSON.stringify({
      errorType: 'OldKeyStillInUseError',
      errorMessage: 'used 2 min ago',
      trace: [],
    });
    const archived = record({ rotationId: 'y', status: 'FAILED', failure: failure('used 2 min ago') });
    const rebuilt = record({ rotationId: 'y', status: 'FAILED', failure: failure(runtimeJson) });
    const other = record({ rotationId: 'y', status: 'FAILED', failure: failure('used 3 min ago') });

    expect(mergeEvidence([rebuilt], [archived]).conflicts).toEqual([]);
    expect(mergeEvidence([rebuilt], [other]).conflicts).toEqual([other.executionArn]);
  });

  it('tells apart rotations of the same name on two state machines (providers)', () => {
    const aws = record({ rotationId: 'same-name' });
    const yandex = record({
      rotationId: 'same-name',
      provider: 'yandex',
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:YandexRotation:same-name',
    });

    const merged = mergeEvidence([aws], [yandex]);

    expect(merged.records).toHaveLength(2);
  });

  it('keys a record without an execution ARN by provider and rotation id, and drops repeats within a source', () => {
    const bare = record({ rotationId: 'r1', executionArn: '' });

    const merged = mergeEvidence([bare, bare], [bare]);

    expect(evidenceKey(bare)).toBe('aws/r1');
    expect(merged.records).toHaveLength(1);
    expect(merged.counts).toEqual({ fromHistory: 1, fromArchive: 1, inBoth: 1 });
  });
});
