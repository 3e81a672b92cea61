/**
 * What the evidence tests build on: the recorded histories of real rotations
 * (see fixtures/record-fixtures.ts), each with the evidence record the
 * workflow itself produced for it; small hand-made pieces (fleet runs on
 * chosen days, records); and a whole report from the recorded histories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrganizationReads } from '../../../evidence/model/account-evidence.ts';
import { buildEvidenceReport, type EvidenceReport } from '../../../evidence/model/evidence-report.ts';
import type { ExecutionHistory } from '../../../evidence/model/execution-history.ts';
import type { PrincipalKeys } from '../../../evidence/model/key-inventory.ts';
import type { ScheduleHistory } from '../../../evidence/model/schedule-history.ts';
import type { EvidenceRecord, Provider } from '../../../lambdas/rotation/rotation-state.ts';

export type FixtureName =
  | 'happy-path'
  | 'rollback-at-publish'
  | 'failure-after-publish'
  | 'deferred-retirement'
  | 'refused-in-plan'
  | 'dry-run'
  | 'operator-rollback'
  | 'fleet-run';

export interface HistoryFixture {
  readonly history: ExecutionHistory;
  /** What Record, RecordRollback, RecordFailure or `akr rollback` wrote; null where none ran. */
  readonly expected: EvidenceRecord | null;
}

export function loadFixture(name: FixtureName): HistoryFixture {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', `${name}.json`), 'utf8');
  return JSON.parse(text) as HistoryFixture;
}

/** The history as read without execution data (`includeExecutionData: false`): no inputs, no outputs. */
export function withoutData(history: ExecutionHistory): ExecutionHistory {
  return {
    ...history,
    events: history.events.map(({ input: _input, output: _output, ...event }) => event),
  };
}

const FLEET_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:AwsFleet';

/** A fleet run that started at `startedAt`, shaped as the local runner records it. */
export function fleetRun(
  startedAt: string,
  status = 'SUCCEEDED',
  provider: Provider = 'aws',
): ExecutionHistory {
  const name = `fleet-${provider}-${startedAt.replace(/[:.]/g, '-')}`;
  const executionArn = `${FLEET_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  return {
    name,
    executionArn,
    stateMachineArn: FLEET_ARN,
    status,
    startDate: startedAt,
    stopDate: new Date(Date.parse(startedAt) + 60_000).toISOString(),
    input: {},
    events: [
      { timestamp: startedAt, type: 'StateEntered', stateName: 'Discover' },
      {
        timestamp: startedAt,
        type: 'StateExited',
        stateName: 'Discover',
        output: { discovery: { provider, dryRun: false } },
      },
    ],
  };
}

export function record(overrides: Partial<EvidenceRecord> = {}): EvidenceRecord {
  const rotationId = overrides.rotationId ?? 'alice-2026-11-01';
  return {
    rotationId,
    provider: 'aws',
    principal: 'alice',
    executionArn: `arn:aws:states:us-east-1:000000000000:execution:Rotation:${rotationId}`,
    status: 'SUCCEEDED',
    oldKeyId: 'AKIAOLD0000000000001',
    newKeyId: 'AKIANEW0000000000001',
    startedAt: '2026-11-01T03:00:00.000Z',
    newKeyCreatedAt: '2026-11-01T03:00:01.000Z',
    verifiedAt: '2026-11-01T03:00:05.000Z',
    publishedAt: '2026-11-01T03:00:06.000Z',
    oldKeyLastUsedAt: null,
    retiredAt: '2026-11-08T03:00:06.000Z',
    deletedAt: '2026-11-15T03:00:06.000Z',
    failure: null,
    emergency: false,
    retirementPolicy: 'defer',
    exposureReportedAt: null,
    revokedAt: null,
    revocation: null,
    ...overrides,
  };
}

/** A schedule with nothing to say: no run, no gap, for tests of the other controls. */
export const NO_SCHEDULE: ScheduleHistory = {
  expected: 'daily',
  toleranceHours: 25,
  deployments: [],
  runs: [],
  days: [],
  gaps: [],
};

/** The record of an attempt Plan refused: nothing created, so no key id and no step time. */
export function refusedRecord(error: string, overrides: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return record({
    status: 'FAILED',
    oldKeyId: null,
    newKeyId: null,
    newKeyCreatedAt: null,
    verifiedAt: null,
    publishedAt: null,
    retiredAt: null,
    deletedAt: null,
    failure: { error, cause: `refused: ${error}` },
    ...overrides,
  });
}

export const ALL_ROTATION_FIXTURES: FixtureName[] = [
  'happy-path',
  'rollback-at-publish',
  'failure-after-publish',
  'deferred-retirement',
  'refused-in-plan',
  'dry-run',
  'operator-rollback',
  'fleet-run',
];

/**
 * A report over every recorded history, as of just after they were recorded.
 * @param organization the accounts read, for an organization-wide report.
 */
export function reportFromFixtures(
  inventory: PrincipalKeys[] = [],
  archive: EvidenceRecord[] = [],
  organization?: OrganizationReads,
): EvidenceReport {
  const histories = ALL_ROTATION_FIXTURES.map((name) => loadFixture(name).history);
  const until = new Date('2026-11-24T00:00:00.000Z');
  return buildEvidenceReport({
    histories,
    archive,
    inventory,
    since: new Date(until.getTime() - 90 * 86_400_000),
    until,
    maxKeyAgeDays: 90,
    providers: ['aws'],
    source: 'test fixtures',
    ...(organization && { organization }),
  });
}
