/**
 * The Exposure response section: one row per emergency rotation with the
 * time its exposed key kept working, in every format; a failed one shown as
 * NOT REVOKED above the table and as a high finding; and records archived
 * before the exposure fields read as normal rotations.
 */
import { describe, expect, it } from 'vitest';
import { readAccount } from '../../evidence/model/account-reads.ts';
import { evaluateControls } from '../../evidence/model/control-findings.ts';
import { buildEvidenceReport, type EvidenceReportInput } from '../../evidence/model/evidence-report.ts';
import type { InFlightRotation } from '../../evidence/model/in-flight-rotations.ts';
import { mergeEvidence } from '../../evidence/model/merge-evidence.ts';
import { renderCsv, renderJson } from '../../evidence/report/render-data-formats.ts';
import { renderHtml } from '../../evidence/report/render-html.ts';
import { renderMarkdown } from '../../evidence/report/render-markdown.ts';
import { durationText } from '../../evidence/report/report-text.ts';
import type { EvidenceRecord } from '../../lambdas/rotation/rotation-state.ts';
import {
  AWS_EMERGENCY,
  EMERGENCY_RECORDS,
  FAILED_EMERGENCY,
  HUB,
  olderRecord,
  YANDEX_EMERGENCY,
} from './support/exposure-fixtures.ts';
import { NO_SCHEDULE, record } from './support/report-fixtures.ts';

const UNTIL = new Date('2026-12-03T00:00:00.000Z');

function reportOf(archive: readonly EvidenceRecord[], extra: Partial<EvidenceReportInput> = {}) {
  return buildEvidenceReport({
    histories: [],
    archive,
    inventory: [],
    since: new Date('2026-11-01T00:00:00.000Z'),
    until: UNTIL,
    maxKeyAgeDays: 90,
    providers: ['aws', 'yandex'],
    source: 'test',
    ...extra,
  });
}

/** The Markdown lines of one section, up to the next `## `. */
function markdownSection(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${title}`);
  expect(start, `section ${title}`).toBeGreaterThan(-1);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start, end === -1 ? undefined : end);
}

const cells = (line: string | undefined) =>
  (line ?? '')
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());

describe('the exposure response of a report', () => {
  it('has one incident per emergency rotation: AWS Inactive, Yandex deleted, the failed one not revoked', () => {
    // Act
    const { exposureResponse, summary } = reportOf([...EMERGENCY_RECORDS, record()]);

    // Assess
    expect(exposureResponse.revokeWithinMinutes).toBe(15);
    expect(exposureResponse.incidents).toEqual([
      expect.objectContaining({
        rotationId: AWS_EMERGENCY.rotationId,
        provider: 'aws',
        awsAccount: HUB,
        exposedKeyId: 'AKIAEXPOSED000000001',
        exposureReportedAt: '2026-12-02T14:00:00.000Z',
        revokedAt: '2026-12-02T14:01:05.000Z',
        secondsToRevoke: 65,
        revocation: 'DEACTIVATED',
        status: 'REVOKED',
      }),
      expect.objectContaining({
        provider: 'yandex',
        awsAccount: null,
        secondsToRevoke: 42.5,
        revocation: 'DELETED',
        status: 'REVOKED',
      }),
      expect.objectContaining({
        principal: '111122223333/bob',
        awsAccount: '111122223333',
        revokedAt: null,
        secondsToRevoke: null,
        status: 'NOT_REVOKED',
        rotationStatus: 'FAILED',
      }),
    ]);
    expect(summary.exposures).toEqual({
      incidents: 3,
      revoked: 2,
      revokedInTime: 2,
      notRevoked: 1,
      inProgress: 0,
      medianSecondsToRevoke: 53.75,
    });
  });

  it('makes the failed one a high EXPOSED-KEY-REVOKED finding, and the two revoked in time compliant', () => {
    // Act
    const { controls, findings } = reportOf(EMERGENCY_RECORDS);

    // Assess
    expect(controls.find((c) => c.controlId === 'EXPOSED-KEY-REVOKED')).toMatchObject({
      evaluated: 3,
      compliant: 2,
      findings: 1,
    });
    const exposed = findings.filter((f) => f.controlId === 'EXPOSED-KEY-REVOKED');
    expect(exposed).toHaveLength(1);
    expect(exposed[0]).toMatchObject({
      outcome: 'finding',
      severity: 'high',
      principal: '111122223333/bob',
      keyIds: ['AKIAEXPOSED000000002'],
    });
    expect(exposed[0]?.detail).toContain('NOT REVOKED');
    expect(exposed[0]?.detail).toContain('AccessDenied');
  });

  it('makes a revocation later than 15 minutes a finding too', () => {
    // Prepare
    const late = {
      ...AWS_EMERGENCY,
      revokedAt: '2026-12-02T14:16:00.000Z',
      retiredAt: '2026-12-02T14:16:00.000Z',
    };

    // Act
    const { findings } = reportOf([late]);

    // Assess
    const [finding] = findings.filter((f) => f.controlId === 'EXPOSED-KEY-REVOKED');
    expect(finding?.severity).toBe('high');
    expect(finding?.detail).toContain(
      'revoked 16.0 min after the exposure reported 2026-12-02T14:00:00.000Z',
    );
  });

  it("makes a key revoked and then re-activated by the operator's rollback a finding", () => {
    // Prepare
    const reactivated = {
      ...AWS_EMERGENCY,
      status: 'ROLLED_BACK' as const,
      deletedAt: null,
      failure: { error: 'OperatorRollback', cause: 'rolled back by the operator' },
    };

    // Act
    const { exposureResponse, findings } = reportOf([reactivated]);

    // Assess
    expect(exposureResponse.incidents[0]?.status).toBe('REACTIVATED');
    expect(findings.find((f) => f.controlId === 'EXPOSED-KEY-REVOKED')?.detail).toContain(
      're-activated by the operator',
    );
  });

  it('evaluates nothing and finds nothing without an emergency rotation', () => {
    // Act
    const { controls } = evaluateControls({
      inventory: [],
      inFlight: [],
      records: [record()],
      schedule: NO_SCHEDULE,
    });

    // Assess
    expect(controls.find((c) => c.controlId === 'EXPOSED-KEY-REVOKED')).toMatchObject({
      evaluated: 0,
      findings: 0,
    });
  });
});

describe('records without the exposure fields', () => {
  it('read as normal rotations: emergency false, the rest null, in every format', () => {
    // Act
    const report = reportOf([olderRecord()]);

    // Assess
    expect(report.exposureResponse.incidents).toEqual([]);
    const [json] = JSON.parse(renderJson(report)).records;
    expect(json).toMatchObject({
      emergency: false,
      retirementPolicy: null,
      exposureReportedAt: null,
      revokedAt: null,
      revocation: null,
    });
    const [, row] = renderCsv(report).split('\r\n');
    expect(row?.endsWith(',,,false,,,,')).toBe(true);
  });

  it('are no conflict with the same rotation rebuilt from history with the fields', () => {
    // Prepare: the rebuilt copy says what the newer builder adds for a normal rotation
    const older = olderRecord();
    const rebuilt: EvidenceRecord = {
      ...older,
      emergency: false,
      retirementPolicy: 'defer',
      exposureReportedAt: null,
      revokedAt: older.retiredAt,
      revocation: 'DEACTIVATED',
    };

    // Act
    const merged = mergeEvidence([rebuilt], [older]);

    // Assess
    expect(merged.counts.inBoth).toBe(1);
    expect(merged.conflicts).toEqual([]);
  });

  it('still conflict when an archived record that has the fields says otherwise', () => {
    // Act
    const merged = mergeEvidence([{ ...AWS_EMERGENCY, revokedAt: null }], [AWS_EMERGENCY]);

    // Assess
    expect(merged.conflicts).toEqual([AWS_EMERGENCY.executionArn]);
  });
});

describe('Markdown', () => {
  it('has an Exposure response section with one row per incident: account, key, times, duration, revocation, status', () => {
    // Act
    const section = markdownSection(renderMarkdown(reportOf(EMERGENCY_RECORDS)), 'Exposure response');

    // Assess
    const header = section.find((line) => line.startsWith('| Rotation'));
    expect(cells(header)).toEqual([
      'Rotation',
      'Principal',
      'Exposed key',
      'Exposure reported',
      'Revoked',
      'Time to revoke',
      'Revocation',
      'Status',
      'Note',
    ]);
    const rows = section.filter(
      (line) => line.startsWith('| ') && line !== header && !line.startsWith('| ---'),
    );
    expect(rows.map(cells)).toEqual([
      [
        AWS_EMERGENCY.rotationId,
        `aws/alice (account ${HUB})`,
        'AKIAEXPOSED000000001',
        '2026-12-02 14:00:00Z',
        '2026-12-02 14:01:05Z',
        '1 min 5 s',
        'Inactive (deleted after the deletion delay)',
        'REVOKED',
        '',
      ],
      [
        YANDEX_EMERGENCY.rotationId,
        'yandex/ajeserviceacct000001',
        'YCAJEexposedstatic01',
        '2026-12-02 15:00:00Z',
        '2026-12-02 15:00:42Z',
        '43 s',
        "deleted (a Yandex static key's only revocation)",
        'REVOKED',
        '',
      ],
      [
        FAILED_EMERGENCY.rotationId,
        'aws/111122223333/bob (account 111122223333)',
        'AKIAEXPOSED000000002',
        '2026-12-02 16:00:00Z',
        '',
        '',
        'none: the key still works',
        'NOT_REVOKED',
        'FAILED: AccessDenied: not authorized to perform iam:UpdateAccessKey',
      ],
    ]);
  });

  it('calls out the exposed key that still works in bold above the table, and in the summary', () => {
    // Act
    const markdown = renderMarkdown(reportOf(EMERGENCY_RECORDS));

    // Assess
    const section = markdownSection(markdown, 'Exposure response');
    const alert = section.find((line) => line.startsWith('> **NOT REVOKED'));
    expect(alert).toContain('AKIAEXPOSED000000002 of aws/111122223333/bob');
    expect(section.indexOf(alert ?? '')).toBeLessThan(
      section.findIndex((line) => line.startsWith('| Rotation')),
    );
    expect(markdown).toContain(
      '- Exposure response: 3 emergency rotations: 2 revoked (2 within 15 min, median time to revoke 54 s), 1 not revoked, 0 in progress',
    );
  });

  it('says Yandex deletion is the only revocation a static key has, and states the target', () => {
    // Act
    const section = markdownSection(renderMarkdown(reportOf([YANDEX_EMERGENCY])), 'Exposure response');

    // Assess
    expect(section.join('\n')).toContain(
      'a Yandex static key has no status, so deleting it is its only revocation',
    );
    expect(section.join('\n')).toContain('(target: 15 min)');
    expect(section.some((line) => line.startsWith('> **'))).toBe(false);
  });

  it('says there was none, in a sentence, when no emergency rotation ran', () => {
    // Act
    const section = markdownSection(renderMarkdown(reportOf([record()])), 'Exposure response');

    // Assess
    expect(section).toContain(
      '_No emergency rotation in the period: no exposed key was reported to the rotator._',
    );
  });
});

describe('HTML', () => {
  it('has the exposure table, an alert for the key not revoked and a red card counting it', () => {
    // Act
    const html = renderHtml(reportOf(EMERGENCY_RECORDS));

    // Assess
    const section = html.slice(
      html.indexOf('<section id="exposure-response">'),
      html.indexOf('</section>', html.indexOf('<section id="exposure-response">')),
    );
    expect(section).toContain('<h2>Exposure response</h2>');
    expect(section).toContain('<p class="alert" role="alert">NOT REVOKED: exposed key AKIAEXPOSED000000002');
    expect(section.match(/<tr><td/g)).toHaveLength(3);
    expect(section).toContain('class="v-NOT_REVOKED"');
    expect(section).toContain('only revocation');
    expect(html).toMatch(
      /<div class="card attention" data-metric="exposed-not-revoked"><span class="value">1<\/span>/,
    );
  });

  it('says there was none when no emergency rotation ran, with no alert', () => {
    // Act
    const html = renderHtml(reportOf([record()]));

    // Assess
    expect(html).toContain(
      '<p class="empty" id="exposure-table-empty">No emergency rotation in the period: no exposed key was reported to the rotator.</p>',
    );
    expect(html).not.toContain('class="alert"');
    expect(html).toMatch(/<div class="card" data-metric="exposed-not-revoked"><span class="value">0<\/span>/);
  });
});

describe('JSON and CSV', () => {
  it('JSON has exposureResponse after records, with secondsToRevoke per incident', () => {
    // Act
    const parsed = JSON.parse(renderJson(reportOf(EMERGENCY_RECORDS)));

    // Assess
    const keys = Object.keys(parsed);
    expect(keys.indexOf('exposureResponse')).toBe(keys.indexOf('records') + 1);
    expect(
      parsed.exposureResponse.incidents.map((i: { secondsToRevoke: number | null }) => i.secondsToRevoke),
    ).toEqual([65, 42.5, null]);
    expect(parsed.records[0]).toMatchObject({
      emergency: true,
      retirementPolicy: 'EMERGENCY',
      revocation: 'DEACTIVATED',
    });
  });

  it('CSV has the exposure columns after the failure, with each record’s values', () => {
    // Act
    const [header, aws] = renderCsv(reportOf([AWS_EMERGENCY])).split('\r\n');

    // Assess
    expect(
      header?.endsWith(
        ',failureError,failureCause,emergency,retirementPolicy,exposureReportedAt,revokedAt,revocation',
      ),
    ).toBe(true);
    expect(
      aws?.endsWith(',,,true,EMERGENCY,2026-12-02T14:00:00.000Z,2026-12-02T14:01:05.000Z,DEACTIVATED'),
    ).toBe(true);
  });
});

describe('durationText', () => {
  it('reads as a person would say it', () => {
    // Act / Assess
    expect(durationText(0.85)).toBe('850 ms');
    expect(durationText(4.25)).toBe('4.3 s');
    expect(durationText(42.5)).toBe('43 s');
    expect(durationText(65)).toBe('1 min 5 s');
    expect(durationText(2 * 3600 + 4 * 60 + 10)).toBe('2 h 4 min');
    expect(durationText(3 * 86_400 + 2 * 3600)).toBe('3 d 2 h');
    expect(durationText(null)).toBe('');
  });
});

describe('a refused emergency rotation (from its history)', () => {
  const input = {
    accessKeyId: 'AKIAEXPOSED000000003',
    emergency: true,
    exposureReportedAt: '2026-12-02T17:00:00.000Z',
  };
  const cause =
    '{"errorType":"RotationInFlightError","errorMessage":"AKIAEXPOSED000000003 is the new key of rotation dave-2026-12-02"}';
  const refused = {
    name: 'AKIAEXPOSED000000003-2026-12-02T17-00',
    executionArn: `arn:aws:states:eu-west-1:${HUB}:execution:AwsRotation:AKIAEXPOSED000000003-2026-12-02T17-00`,
    stateMachineArn: `arn:aws:states:eu-west-1:${HUB}:stateMachine:AwsRotation`,
    status: 'FAILED',
    input,
    startDate: '2026-12-02T17:00:01.000Z',
    stopDate: '2026-12-02T17:00:01.200Z',
    error: 'RotationInFlightError',
    cause,
    events: [
      { timestamp: '2026-12-02T17:00:01.000Z', type: 'ExecutionStarted', input },
      { timestamp: '2026-12-02T17:00:01.010Z', type: 'StateEntered', stateName: 'Plan', stateType: 'Task' },
      {
        timestamp: '2026-12-02T17:00:01.100Z',
        type: 'StateFailed',
        stateName: 'Plan',
        error: 'RotationInFlightError',
        cause,
      },
      {
        timestamp: '2026-12-02T17:00:01.100Z',
        type: 'ExecutionFailed',
        error: 'RotationInFlightError',
        cause,
      },
    ],
  };

  it('is an incident REFUSED, with the key its input named and the exposure time it gave, and a medium finding', () => {
    // Act
    const report = reportOf([], { histories: [refused], defaultProvider: 'aws' });

    // Assess
    expect(report.records[0]).toMatchObject({
      emergency: true,
      exposureReportedAt: '2026-12-02T17:00:00.000Z',
    });
    expect(report.exposureResponse.incidents).toEqual([
      expect.objectContaining({
        status: 'REFUSED',
        exposedKeyId: 'AKIAEXPOSED000000003',
        exposureReportedAt: '2026-12-02T17:00:00.000Z',
        revokedAt: null,
      }),
    ]);
    const finding = report.findings.find((f) => f.controlId === 'EXPOSED-KEY-REVOKED');
    expect(finding).toMatchObject({ severity: 'medium', keyIds: ['AKIAEXPOSED000000003'] });
    expect(finding?.detail).toContain('the rotator revoked nothing');
    expect(renderMarkdown(report)).toContain('> **NOT REVOKED (refused): exposed key AKIAEXPOSED000000003');
  });

  it('takes the start as the exposure time when the input gave none', () => {
    // Prepare
    const { exposureReportedAt: _given, ...withoutTime } = input;

    // Act
    const report = reportOf([], {
      histories: [
        {
          ...refused,
          input: withoutTime,
          events: refused.events.map((e) =>
            e.type === 'ExecutionStarted' ? { ...e, input: withoutTime } : e,
          ),
        },
      ],
      defaultProvider: 'aws',
    });

    // Assess
    expect(report.exposureResponse.incidents[0]?.exposureReportedAt).toBe('2026-12-02T17:00:01.000Z');
  });
});

describe('an organization-wide report', () => {
  const organization = {
    hubAccountId: HUB,
    accounts: [readAccount(HUB, true), readAccount('111122223333', false)],
  };

  it("puts the failed member incident's finding in the member account, and shows the section once", () => {
    // Act
    const report = reportOf(EMERGENCY_RECORDS, { organization });

    // Assess
    const member = report.accounts?.find((a) => a.account === '111122223333');
    expect(member?.controls.find((c) => c.controlId === 'EXPOSED-KEY-REVOKED')).toMatchObject({
      evaluated: 1,
      compliant: 0,
      findings: 1,
    });
    expect(report.accounts?.find((a) => a.account === HUB)?.controls).toContainEqual(
      expect.objectContaining({ controlId: 'EXPOSED-KEY-REVOKED', evaluated: 1, compliant: 1 }),
    );
    const markdown = renderMarkdown(report);
    expect(markdown.split('\n').filter((line) => line === '## Exposure response')).toHaveLength(1);
    expect(markdown).toContain('aws/111122223333/bob (account 111122223333)');
  });
});

describe('an emergency rotation in flight', () => {
  const running = (exposure: InFlightRotation['exposure']): InFlightRotation => ({
    provider: 'aws',
    principal: 'erin',
    rotationId: 'AKIAEXPOSED000000004-2026-12-02T18-00',
    executionArn: `arn:aws:states:eu-west-1:${HUB}:execution:AwsRotation:AKIAEXPOSED000000004-2026-12-02T18-00`,
    oldKeyId: 'AKIAEXPOSED000000004',
    newKeyId: 'AKIAREPLACEMENT00004',
    currentState: exposure?.revokedAt ? 'WaitDeletion' : 'VerifyKey',
    publishedAt: null,
    inGraceWindow: !exposure?.revokedAt,
    graceEndsAt: null,
    ...(exposure && { exposure }),
  });
  const reported = '2026-12-02T18:00:00.000Z';
  const controlsAt = (rotation: InFlightRotation, now: string) =>
    evaluateControls({
      inventory: [],
      inFlight: [rotation],
      records: [],
      schedule: NO_SCHEDULE,
      now: new Date(now),
    });

  it('is revoked once RetireOldKey ran, though its record comes after the deletion delay', () => {
    // Prepare
    const revoked = running({
      exposureReportedAt: reported,
      revokedAt: '2026-12-02T18:00:40.000Z',
      revocation: 'DEACTIVATED',
    });

    // Act
    const { controls, findings } = controlsAt(revoked, '2026-12-02T19:00:00.000Z');

    // Assess
    expect(controls.find((c) => c.controlId === 'EXPOSED-KEY-REVOKED')).toMatchObject({
      evaluated: 1,
      compliant: 1,
      findings: 0,
    });
    expect(findings.filter((f) => f.controlId === 'EXPOSED-KEY-REVOKED')).toEqual([]);
  });

  it('is expected while under 15 minutes old and not revoked yet, and a high finding after', () => {
    // Prepare
    const pending = running({ exposureReportedAt: reported, revokedAt: null, revocation: null });

    // Act
    const early = controlsAt(pending, '2026-12-02T18:10:00.000Z').findings;
    const late = controlsAt(pending, '2026-12-02T18:20:00.000Z').findings;

    // Assess
    expect(early).toEqual([
      expect.objectContaining({ controlId: 'EXPOSED-KEY-REVOKED', outcome: 'expected', severity: 'info' }),
    ]);
    expect(late).toEqual([
      expect.objectContaining({ controlId: 'EXPOSED-KEY-REVOKED', outcome: 'finding', severity: 'high' }),
    ]);
    expect(late[0]?.detail).toContain('NOT REVOKED yet');
    expect(late[0]?.detail).toContain('20.0 min after');
  });
});
