/**
 * The evidence record's fields in the DESIGN order, the one contract every
 * format follows: JSON keys come in this order, and the CSV columns are these
 * with `failure` flattened into `failureError` and `failureCause`. Changing
 * the order or a name breaks auditors' spreadsheets and scripts, so the tests
 * pin both.
 */

import { readableCause } from '../../lambdas/rotation/failure-cause.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';

export const EVIDENCE_RECORD_FIELDS = [
  'rotationId',
  'provider',
  'principal',
  'executionArn',
  'status',
  'oldKeyId',
  'newKeyId',
  'startedAt',
  'newKeyCreatedAt',
  'verifiedAt',
  'publishedAt',
  'oldKeyLastUsedAt',
  'retiredAt',
  'deletedAt',
  'failure',
] as const satisfies readonly (keyof EvidenceRecord)[];

export const EVIDENCE_CSV_COLUMNS = [
  ...EVIDENCE_RECORD_FIELDS.filter((field) => field !== 'failure'),
  'failureError',
  'failureCause',
] as const;

export type EvidenceCsvColumn = (typeof EVIDENCE_CSV_COLUMNS)[number];

/**
 * The record with exactly the DESIGN fields, in order; anything else a source
 * carried is dropped, and a cause the runtime wrote as JSON is decoded once.
 */
export function normalizeRecord(record: EvidenceRecord): EvidenceRecord {
  const failure = record.failure
    ? { error: record.failure.error, cause: readableCause(record.failure.error, record.failure.cause ?? '') }
    : null;
  const entries = EVIDENCE_RECORD_FIELDS.map((field) => [
    field,
    field === 'failure' ? failure : (record[field] ?? null),
  ]);
  return Object.fromEntries(entries) as EvidenceRecord;
}

/** One CSV row's values by column; absent values are empty strings. */
export function csvValues(record: EvidenceRecord): Record<EvidenceCsvColumn, string> {
  const flat: Record<string, string> = {};
  for (const field of EVIDENCE_RECORD_FIELDS) {
    if (field !== 'failure') flat[field] = String(record[field] ?? '');
  }
  flat.failureError = record.failure?.error ?? '';
  flat.failureCause = record.failure?.cause ?? '';
  return flat as Record<EvidenceCsvColumn, string>;
}

/** The latest moment the record shows activity: what `--since` filters on. */
export function lastActivity(record: EvidenceRecord): string {
  const times = [
    record.startedAt,
    record.newKeyCreatedAt,
    record.verifiedAt,
    record.publishedAt,
    record.retiredAt,
    record.deletedAt,
  ];
  return (
    times
      .filter((time): time is string => Boolean(time))
      .sort()
      .at(-1) ?? record.startedAt
  );
}
