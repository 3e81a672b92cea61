import { describe, expect, it } from 'vitest';
import { parseDurationSeconds } from '../../cli/duration.ts';
import { executionNameFor, isValidExecutionName } from '../../cli/execution-name.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';

describe('parseDurationSeconds', () => {
  it.each([
    ['5s', 5],
    ['90', 90],
    ['10m', 600],
    ['2h', 7200],
    ['7d', 604_800],
  ])('reads %s as %i seconds', (raw, seconds) => {
    expect(parseDurationSeconds(raw, '--grace')).toBe(seconds);
  });

  it.each(['', '5 days', '-5s', '1.5h', '5w', 's'])('refuses "%s", naming the flag', (raw) => {
    const attempt = () => parseDurationSeconds(raw, '--grace');
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/^--grace: /);
  });
});

describe('executionNameFor', () => {
  it('is the principal and the UTC day, so a same-day repeat gets the same name', () => {
    // Prepare
    const morning = new Date('2026-11-23T00:05:00Z');
    const evening = new Date('2026-11-23T23:55:00Z');

    // Act
    const first = executionNameFor('alice', morning);
    const second = executionNameFor('alice', evening);

    // Assess
    expect(first).toBe('alice-2026-11-23');
    expect(second).toBe(first);
  });

  it('replaces characters Step Functions refuses and keeps the name within 80 characters', () => {
    const name = executionNameFor(`ci,bot:${'x'.repeat(120)}`, new Date('2026-01-02T00:00:00Z'));

    expect(name.startsWith('ci_bot_')).toBe(true);
    expect(name.endsWith('-2026-01-02')).toBe(true);
    expect(name.length).toBe(80);
    expect(isValidExecutionName(name)).toBe(true);
  });

  it.each(['has space', 'a/b', 'x$y', '', 'z'.repeat(81)])('rejects "%s" as a name', (name) => {
    expect(isValidExecutionName(name)).toBe(false);
  });
});
