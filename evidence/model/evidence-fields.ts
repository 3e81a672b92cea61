/**
 * The evidence record's fields in the DESIGN order, the one contract every
 * format follows: JSON keys come in this order, and the CSV columns are these
 * with `failure` flattened into `failureError` and `failureCause`. Changing
 * the order or a name breaks auditors' spreadsheets and scripts, so the tests
 * pin both.
 *
 * The exposure fields (emergency rotations, issue 15) come last: records
 * archived before they existed lack them, and read as a normal rotation
 * (emergency false, the rest null), so old and new records share one shape.
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
  'emergency',
  'retirementPolicy',
  'exposureReportedAt',
  'revokedAt',
  'revocation',
] as const satisfies readonly (keyof EvidenceRecord)[];

/** The fields an older record may lack, and what it means when it does. */
export const EXPOSURE_FIELD_DEFAULTS = {
  emergency: false,
  retirementPolicy: null,
  exposureReportedAt: null,
  revokedAt: null,
  revocation: null,
} as const satisfies Partial<Record<keyof EvidenceRecord, unknown>>;

type ExposureField = keyof typeof EXPOSURE_FIELD_DEFAULTS;

export function isExposureField(field: string): field is ExposureField {
  return Object.hasOwn(EXPOSURE_FIELD_DEFAULTS, field);
}

/** The record with the exposure fields an older record lacks set to their defaults. */
export function withExposureDefaults(record: EvidenceRecord): EvidenceRecord {
  const filled: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(EXPOSURE_FIELD_DEFAULTS)) filled[field] ??= value;
  return filled as unknown as EvidenceRecord;
}

// The failure pair stays where it always was; the exposure columns follow it, so columns read by position keep their place.
export const EVIDENCE_CSV_COLUMNS = [
  ...EVIDENCE_RECORD_FIELDS.filter((field) => field !== 'failure' && !isExposureField(field)),
  'failureError',
  'failureCause',
  ...EVIDENCE_RECORD_FIELDS.filter(isExposureField),
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
  const filled = withExposureDefaults(record);
  const entries = EVIDENCE_RECORD_FIELDS.map((field) => [
    field,
    field === 'failure' ? failure : (filled[field] ?? null),
  ]);
  return Object.fromEntries(entries) as EvidenceRecord;
}

/** One CSV row's values by column; absent values are empty strings. */
export function csvValues(record: EvidenceRecord): Record<EvidenceCsvColumn, string> {
  const flat: Record<string, string> = {};
  const filled = withExposureDefaults(record);
  for (const field of EVIDENCE_RECORD_FIELDS) {
    if (field !== 'failure') flat[field] = String(filled[field] ?? '');
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
