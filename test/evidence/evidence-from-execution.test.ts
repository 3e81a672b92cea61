/**
 * Evidence records rebuilt from the recorded histories of real rotations must
 * equal the records the workflow wrote itself, whatever the outcome.
 */
import { describe, expect, it } from 'vitest';
import { withExposureDefaults } from '../../evidence/model/evidence-fields.ts';
import { evidenceFromExecution } from '../../evidence/model/evidence-from-execution.ts';
import { type FixtureName, loadFixture, withoutData } from './support/report-fixtures.ts';

describe('evidenceFromExecution, from recorded histories', () => {
  it.each<FixtureName>([
    'happy-path',
    'rollback-at-publish',
    'failure-after-publish',
    'deferred-retirement',
    'operator-rollback',
  ])('rebuilds exactly the record the workflow wrote: %s', (name) => {
    // Prepare
    const { history, expected } = loadFixture(name);

    // Act
    const record = evidenceFromExecution(history);

    // Assess
    expect(expected).not.toBeNull();
    // Recorded before the exposure fields: the workflow's own record reads with their defaults.
    expect(record).toEqual(expected && withExposureDefaults(expected));
  });

  it('gives each status its meaning: success, rollback before Publish, failure after it', () => {
    const statusOf = (name: FixtureName) => evidenceFromExecution(loadFixture(name).history)?.status;

    expect(statusOf('happy-path')).toBe('SUCCEEDED');
    expect(statusOf('rollback-at-publish')).toBe('ROLLED_BACK');
    expect(statusOf('failure-after-publish')).toBe('FAILED');
    expect(statusOf('deferred-retirement')).toBe('FAILED');
  });

  it('records deferred retirement: the old key was used after Publish and was never retired', () => {
    const record = evidenceFromExecution(loadFixture('deferred-retirement').history);

    expect(record?.failure?.error).toBe('OldKeyStillInUseError');
    expect(Date.parse(String(record?.oldKeyLastUsedAt))).toBeGreaterThan(
      Date.parse(String(record?.publishedAt)),
    );
    expect(record).toMatchObject({ retiredAt: null, deletedAt: null });
  });

  it('records an operator rollback (ABORTED) as ROLLED_BACK with failure OperatorRollback', () => {
    const { history } = loadFixture('operator-rollback');

    const record = evidenceFromExecution(history);

    expect(history.status).toBe('ABORTED');
    expect(record?.status).toBe('ROLLED_BACK');
    expect(record?.failure?.error).toBe('OperatorRollback');
    expect(record?.failure?.cause).toMatch(/^rolled back by the operator: old key AKIA\w+ re-activated at /);
    expect(record?.retiredAt).not.toBeNull();
    expect(record?.deletedAt).toBeNull();
  });

  it('records a refusal in Plan as FAILED with the error, and without any key id', () => {
    const { history } = loadFixture('refused-in-plan');

    const record = evidenceFromExecution(history, { provider: 'yandex' });

    expect(record).toMatchObject({
      rotationId: 'ev-refused-2026',
      provider: 'yandex',
      principal: 'ev-refused',
      status: 'FAILED',
      oldKeyId: null,
      newKeyId: null,
      newKeyCreatedAt: null,
      startedAt: history.startDate,
    });
    expect(record?.failure?.error).toBe('TwoActiveKeysError');
    expect(record?.failure?.cause).toContain('TwoActiveKeysError');
  });

  it('makes no record of a dry run, a fleet run, or a rotation still running', () => {
    const running = { ...loadFixture('happy-path').history, status: 'RUNNING' };

    expect(evidenceFromExecution(loadFixture('dry-run').history)).toBeUndefined();
    expect(evidenceFromExecution(loadFixture('fleet-run').history)).toBeUndefined();
    expect(evidenceFromExecution(running)).toBeUndefined();
  });

  it('without execution data, takes each step time from its StateExited event', () => {
    // Prepare: the happy path as GetExecutionHistory returns it with includeExecutionData=false.
    const { history } = loadFixture('happy-path');
    const exitOf = (state: string) =>
      history.events.findLast((event) => event.type === 'StateExited' && event.stateName === state)
        ?.timestamp;

    // Act
    const record = evidenceFromExecution(withoutData(history));

    // Assess
    expect(record).toMatchObject({
      status: 'SUCCEEDED',
      rotationId: history.name,
      principal: 'ev-happy',
      newKeyCreatedAt: exitOf('CreateKey'),
      verifiedAt: exitOf('VerifyKey'),
      publishedAt: exitOf('Publish'),
      retiredAt: exitOf('RetireOldKey'),
      deletedAt: exitOf('DeleteOldKey'),
      oldKeyId: null,
      newKeyId: null,
    });
  });

  it('without execution data, a step caught on its way to RollBack gets no time', () => {
    const record = evidenceFromExecution(withoutData(loadFixture('rollback-at-publish').history));

    expect(record?.status).toBe('ROLLED_BACK');
    expect(record?.verifiedAt).not.toBeNull();
    expect(record?.publishedAt).toBeNull();
    expect(record?.failure?.error).toBe('AccessDeniedException');
  });

  it('a rollback that itself failed is FAILED, not ROLLED_BACK: the new key may be left behind', () => {
    // Prepare: the rollback fixture, cut where RollBack failed and RollbackFailed ended it.
    const { history } = loadFixture('rollback-at-publish');
    const cut = history.events.findIndex((event) => event.stateName === 'RollBack');
    const events = [
      ...history.events.slice(0, cut + 1),
      { timestamp: '2026-11-23T16:47:41.000Z', type: 'StateEntered', stateName: 'RollbackFailed' },
      { timestamp: '2026-11-23T16:47:41.001Z', type: 'ExecutionFailed', error: 'ServiceFailure', cause: 'x' },
    ];

    const record = evidenceFromExecution({ ...history, events });

    expect(record?.status).toBe('FAILED');
    expect(record?.newKeyId).not.toBeNull();
  });
});
