import { describe, expect, it } from 'vitest';
import type { CliOutput } from '../../cli/cli-output.ts';
import { executionPosition } from '../../cli/execution-status.ts';
import { RotationProgress } from '../../cli/rotation-progress.ts';
import type { HistoryEvent } from '../../evidence/model/execution-history.ts';

const ENTERED_AT = '2026-11-23T10:00:00.000Z';
const waitGraceEntered = (plan: Record<string, unknown>): HistoryEvent => ({
  timestamp: ENTERED_AT,
  type: 'StateEntered',
  stateName: 'WaitGrace',
  stateType: 'Wait',
  input: { plan: { principal: 'alice', provider: 'aws', ...plan } },
});

function captured(): { output: CliOutput; lines: string[] } {
  const lines: string[] = [];
  return { output: { line: (text) => lines.push(text), error: (text) => lines.push(text) }, lines };
}

describe('the grace wait an operator is shown', () => {
  it('is what WaitGrace waits (graceWaitSeconds): 0 s when there was no old key', () => {
    const events = [waitGraceEntered({ gracePeriodSeconds: 3600, graceWaitSeconds: 0 })];

    expect(executionPosition(events, {}).waitEndsAt).toBe(ENTERED_AT);
    const { output, lines } = captured();
    new RotationProgress(output).onEvent(events[0] as HistoryEvent);
    expect(lines).toEqual([`… grace period: waiting 0 s (until ${ENTERED_AT})`]);
  });

  it('falls back to gracePeriodSeconds for histories written before graceWaitSeconds', () => {
    const events = [waitGraceEntered({ gracePeriodSeconds: 3600 })];

    expect(executionPosition(events, {}).waitEndsAt).toBe('2026-11-23T11:00:00.000Z');
  });

  it('says there is nothing to retire when CheckOldKeyUse ran without an old key', () => {
    const { output, lines } = captured();
    const progress = new RotationProgress(output);
    const at = (type: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
      timestamp: ENTERED_AT,
      type,
      stateName: 'CheckOldKeyUse',
      stateType: 'Task',
      ...extra,
    });
    progress.onEvent(at('StateEntered'));
    progress.onEvent(
      at('StateExited', { output: { plan: { oldKeyId: null }, usage: { decision: 'RETIRE' } } }),
    );

    expect(lines).toEqual(['✓ check old key use (0 ms): no old key: nothing to retire']);
  });
});
