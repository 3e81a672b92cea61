/**
 * Emergency rotations as their evidence records say them: an AWS one (the
 * exposed key set Inactive), a Yandex one (the key deleted), and a failed
 * AWS one whose exposed key was never revoked; and a record archived before
 * the exposure fields existed. The hub account is 123456789012, not the
 * embedded cloud's default, so an account shown is read, not assumed.
 */
import type { EvidenceRecord } from '../../../lambdas/rotation/rotation-state.ts';
import { record } from './report-fixtures.ts';

export const HUB = '123456789012';
const arn = (machine: string, name: string) => `arn:aws:states:eu-west-1:${HUB}:execution:${machine}:${name}`;

/** Reported 14:00:00, revoked 14:01:05: 1 min 5 s. */
export const AWS_EMERGENCY = record({
  rotationId: 'AKIAEXPOSED000000001-2026-12-02T14-00',
  principal: 'alice',
  executionArn: arn('AwsRotation', 'AKIAEXPOSED000000001-2026-12-02T14-00'),
  oldKeyId: 'AKIAEXPOSED000000001',
  newKeyId: 'AKIAREPLACEMENT00001',
  startedAt: '2026-12-02T14:00:02.000Z',
  newKeyCreatedAt: '2026-12-02T14:00:03.000Z',
  verifiedAt: '2026-12-02T14:00:50.000Z',
  publishedAt: '2026-12-02T14:01:00.000Z',
  retiredAt: '2026-12-02T14:01:05.000Z',
  deletedAt: '2026-12-09T14:01:05.000Z',
  emergency: true,
  retirementPolicy: 'EMERGENCY',
  exposureReportedAt: '2026-12-02T14:00:00.000Z',
  revokedAt: '2026-12-02T14:01:05.000Z',
  revocation: 'DEACTIVATED',
});

/** Reported 15:00:00, deleted 15:00:42.5: 43 s. */
export const YANDEX_EMERGENCY = record({
  rotationId: 'ajeserviceacct000001-2026-12-02',
  provider: 'yandex',
  principal: 'ajeserviceacct000001',
  executionArn: arn('YandexRotation', 'ajeserviceacct000001-2026-12-02'),
  oldKeyId: 'YCAJEexposedstatic01',
  newKeyId: 'YCAJEreplacement0001',
  startedAt: '2026-12-02T15:00:00.000Z',
  newKeyCreatedAt: '2026-12-02T15:00:01.000Z',
  verifiedAt: '2026-12-02T15:00:30.000Z',
  publishedAt: '2026-12-02T15:00:40.000Z',
  retiredAt: null,
  deletedAt: '2026-12-02T15:00:42.500Z',
  emergency: true,
  retirementPolicy: 'EMERGENCY',
  exposureReportedAt: '2026-12-02T15:00:00.000Z',
  revokedAt: '2026-12-02T15:00:42.500Z',
  revocation: 'DELETED',
});

/** A member account's user: RetireOldKey was denied after Publish, so the exposed key still works. */
export const FAILED_EMERGENCY = record({
  rotationId: 'AKIAEXPOSED000000002-2026-12-02T16-00',
  principal: '111122223333/bob',
  executionArn: arn('AwsRotation', 'AKIAEXPOSED000000002-2026-12-02T16-00'),
  status: 'FAILED',
  oldKeyId: 'AKIAEXPOSED000000002',
  newKeyId: 'AKIAREPLACEMENT00002',
  startedAt: '2026-12-02T16:00:01.000Z',
  newKeyCreatedAt: '2026-12-02T16:00:02.000Z',
  verifiedAt: '2026-12-02T16:00:20.000Z',
  publishedAt: '2026-12-02T16:00:25.000Z',
  retiredAt: null,
  deletedAt: null,
  failure: { error: 'AccessDenied', cause: 'not authorized to perform iam:UpdateAccessKey' },
  emergency: true,
  retirementPolicy: 'EMERGENCY',
  exposureReportedAt: '2026-12-02T16:00:00.000Z',
  revokedAt: null,
  revocation: null,
});

/** An archived record written before issue 15: none of the exposure fields. */
export function olderRecord(): EvidenceRecord {
  const {
    emergency: _e,
    retirementPolicy: _p,
    exposureReportedAt: _x,
    revokedAt: _r,
    revocation: _v,
    ...older
  } = record({
    rotationId: 'carol-2026-11-20',
    principal: 'carol',
    executionArn: arn('AwsRotation', 'carol-2026-11-20'),
    startedAt: '2026-11-20T03:00:00.000Z',
    newKeyCreatedAt: '2026-11-20T03:00:01.000Z',
    verifiedAt: '2026-11-20T03:00:05.000Z',
    publishedAt: '2026-11-20T03:00:06.000Z',
    retiredAt: '2026-11-27T03:00:06.000Z',
    deletedAt: null,
  });
  return older as EvidenceRecord;
}

export const EMERGENCY_RECORDS = [AWS_EMERGENCY, YANDEX_EMERGENCY, FAILED_EMERGENCY];

const TIME_FIELDS = [
  'startedAt',
  'newKeyCreatedAt',
  'verifiedAt',
  'publishedAt',
  'oldKeyLastUsedAt',
  'retiredAt',
  'deletedAt',
  'exposureReportedAt',
  'revokedAt',
] as const;

/** The record with every time moved by `days` (negative: earlier), to fit another report's period. */
export function shifted(source: EvidenceRecord, days: number): EvidenceRecord {
  const moved: Record<string, unknown> = { ...source };
  for (const field of TIME_FIELDS) {
    const time = source[field];
    if (typeof time === 'string') moved[field] = new Date(Date.parse(time) + days * 86_400_000).toISOString();
  }
  return moved as unknown as EvidenceRecord;
}
