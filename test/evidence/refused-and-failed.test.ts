/**
 * Failures counted honestly: an attempt Plan refused before any change is
 * counted apart from a rotation that failed, in the summary, the tables and
 * the findings; and a cause the Lambda runtime wrote as JSON is decoded once,
 * so no format shows it, or encodes it, as JSON again.
 */
import { describe, expect, it } from 'vitest';
import { evaluateControls } from '../../evidence/model/control-findings.ts';
import { buildEvidenceReport } from '../../evidence/model/evidence-report.ts';
import type { ExecutionHistory } from '../../evidence/model/execution-history.ts';
import { buildInventory } from '../../evidence/model/key-inventory.ts';
import { isRefused } from '../../evidence/model/refused-attempts.ts';
import { renderCsv, renderJson } from '../../evidence/report/render-data-formats.ts';
import { renderMarkdown } from '../../evidence/report/render-markdown.ts';
import { recordsTable } from '../../evidence/report/report-text.ts';
import { readableCause } from '../../lambdas/rotation/failure-cause.ts';
import {
  loadFixture,
  NO_SCHEDULE,
  record,
  refusedRecord,
  reportFromFixtures,
} from './support/report-fixtures.ts';

const UNTIL = new Date('2026-11-24T00:00:00.000Z');

/** The recorded refusal, re-told with another of Plan's refusals, as Step Functions records it. */
function refusedWith(name: string, error: string, message: string): ExecutionHistory {
  const { history } = loadFixture('refused-in-plan');
  const cause = JSON.stringify({ errorType: error, errorMessage: message });
  return {
    ...history,
    name,
    executionArn: history.executionArn.replace('ev-refused-2026', name),
    error,
    cause,
    events: history.events.map((event) =>
      event.type === 'StateFailed' || event.type === 'ExecutionFailed' ? { ...event, error, cause } : event,
    ),
  };
}

function reportOf(histories: ExecutionHistory[]) {
  return buildEvidenceReport({
    histories,
    inventory: [],
    since: new Date(UNTIL.getTime() - 90 * 86_400_000),
    until: UNTIL,
    maxKeyAgeDays: 90,
    providers: ['aws'],
    source: 'test',
  });
}

describe('refused attempts', () => {
  it('are counted apart from failed rotations, and are not rotations', () => {
    // The recorded histories: one succeeded, two rolled back, two failed after Publish, one refused in Plan.
    const report = reportFromFixtures();

    expect(report.summary.rotations).toMatchObject({
      total: 5,
      succeeded: 1,
      rolledBack: 2,
      failed: 2,
      refused: 1,
    });
    // The record itself keeps the DESIGN status: the JSON and CSV contracts do not change.
    expect(report.records.find((r) => r.rotationId === 'ev-refused-2026')?.status).toBe('FAILED');
  });

  it("each of Plan's refusals (in flight, validation, not opted in, missing, two Active keys) is a refusal", () => {
    const histories = [
      refusedWith('a-1', 'RotationInFlightError', 'rotation a-0 (arn) is in flight for aws/a since …'),
      refusedWith('a-2', 'ValidationError', 'gracePeriodSeconds: must be a whole number of seconds'),
      refusedWith(
        'a-3',
        'PrincipalNotInScopeError',
        'principal a lacks the opt-in tag access-key-rotator=true',
      ),
      refusedWith('a-4', 'PrincipalNotFoundError', 'no IAM user a'),
      refusedWith('a-5', 'TwoActiveKeysError', 'principal a has keys K1 (Active), K2 (Active)'),
      // Plan ran out of retries on a throttle: that is a failure, not a refusal.
      refusedWith('a-6', 'TransientError', 'Rate exceeded'),
    ];

    const report = reportOf(histories);

    expect(report.summary.rotations).toMatchObject({ total: 1, failed: 1, refused: 5 });
    const statuses = Object.fromEntries(recordsTable(report).rows.map((row) => [row[0], row[2]] as const));
    expect(statuses).toEqual({
      'a-1': 'REFUSED',
      'a-2': 'REFUSED',
      'a-3': 'REFUSED',
      'a-4': 'REFUSED',
      'a-5': 'REFUSED',
      'a-6': 'FAILED',
    });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('- Rotations: 1 rotation (0 succeeded, 0 rolled back, 1 failed); 0 in flight');
    expect(markdown).toContain('- Refused: 5 attempts refused by Plan before any change');
  });

  it('a record that created a key is never a refusal, whatever its error', () => {
    expect(isRefused(record({ status: 'FAILED', failure: { error: 'ValidationError', cause: '' } }))).toBe(
      false,
    );
    expect(isRefused(refusedRecord('RotationInFlightError'))).toBe(true);
    expect(isRefused(refusedRecord('RotationInFlightError', { status: 'ROLLED_BACK' }))).toBe(false);
  });

  it('two Active keys are explained by the failed rotation that left them, not by the refusals they caused', () => {
    const failed = record({
      status: 'FAILED',
      retiredAt: null,
      deletedAt: null,
      failure: { error: 'AccessDenied', cause: 'denied' },
    });
    const refused = refusedRecord('TwoActiveKeysError', {
      rotationId: 'alice-2026-11-02',
      startedAt: '2026-11-02T03:00:00.000Z',
    });
    const inventory = buildInventory(
      [
        {
          provider: 'aws',
          principal: 'alice',
          keys: [
            { keyId: String(failed.oldKeyId), status: 'Active', createdAt: '2026-10-01T00:00:00.000Z' },
            { keyId: String(failed.newKeyId), status: 'Active', createdAt: '2026-11-01T03:00:01.000Z' },
          ],
        },
      ],
      { maxKeyAgeDays: 90, now: UNTIL },
    );

    const { findings } = evaluateControls({
      inventory,
      inFlight: [],
      records: [failed, refused],
      schedule: NO_SCHEDULE,
    });

    expect(findings.find((f) => f.controlId === 'ONE-ACTIVE-KEY')?.detail).toContain(
      `rotation ${failed.rotationId} failed after Publish (AccessDenied) and left both keys usable`,
    );
  });
});

describe('a failure cause', () => {
  it('recorded by Step Functions as the Lambda JSON is decoded once, in every format', () => {
    // The recorded failure after Publish: ExecutionFailed's cause is {"errorType":…,"errorMessage":…}.
    const report = reportFromFixtures();
    const failed = report.records.find((r) => r.rotationId === 'ev-after-publish-2026');

    expect(failed?.failure).toEqual({
      error: 'AccessDenied',
      cause: 'not authorized to perform iam:UpdateAccessKey',
    });
    const json = renderJson(report);
    expect(json).not.toContain('\\"errorType\\"');
    expect(json).not.toContain('errorMessage');
    expect(renderCsv(report)).not.toContain('errorType');
    expect(renderMarkdown(report)).toContain('AccessDenied: not authorized to perform iam:UpdateAccessKey');
    expect(renderMarkdown(report)).not.toContain('errorType');
  });

  it("keeps the message, names a differing type, drops the runtime's trace, and leaves other text alone", () => {
    const lambdaCrash = JSON.stringify({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: 'AccessDenied: User: arn:aws:sts::123456789012:assumed-role/Rotator is not authorized',
      trace: [
        'Runtime.UnhandledPromiseRejection: AccessDenied',
        '    at process.<anonymous> (file:///var/runtime/index.mjs:1:1)',
      ],
    });

    expect(readableCause('States.TaskFailed', lambdaCrash)).toBe(
      'Runtime.UnhandledPromiseRejection: AccessDenied: User: arn:aws:sts::123456789012:assumed-role/Rotator is not authorized',
    );
    expect(readableCause('X', JSON.stringify('a cause encoded as a JSON string'))).toBe(
      'a cause encoded as a JSON string',
    );
    expect(
      readableCause('OperatorRollback', 'rolled back by the operator: old key K re-activated at T'),
    ).toBe('rolled back by the operator: old key K re-activated at T');
    expect(readableCause('States.Runtime', '{"unexpected":"shape"}')).toBe('{"unexpected":"shape"}');
    expect(readableCause('Boom', '')).toBe('');
  });
});
