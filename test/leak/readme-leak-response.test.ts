/**
 * The README's "Leak response" section states what the code does: the rule's
 * pattern as EXPOSURE_EVENT_PATTERN has it, the fixture it points to exists,
 * the runbook is at most five steps and removes the quarantine policy, and
 * the settings table has `akr:leakResponse`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPOSURE_EVENT_PATTERN } from '../../lambdas/leak/exposure-event-pattern.ts';
import { REPO_ROOT } from '../../lib/platform/rotator-function.ts';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Leak response'), readme.indexOf('## Deploy'));

describe('the README leak response section', () => {
  it('shows exactly the rule pattern the stack deploys', () => {
    const pattern = /exactly `(\{.*?\})`/.exec(section)?.[1];
    expect(JSON.parse(pattern ?? 'null')).toEqual(EXPOSURE_EVENT_PATTERN);
  });

  it('points to a fixture that exists', () => {
    const fixture = /`(test\/fixtures\/health\/[\w.-]+\.json)`/.exec(section)?.[1] ?? '';
    expect(existsSync(join(REPO_ROOT, fixture)), fixture).toBe(true);
  });

  it('has a runbook of at most five steps that removes the quarantine policy', () => {
    const runbook = section.slice(section.indexOf('**Runbook**'));
    const steps = runbook.split('\n').filter((line) => /^\s+\d+\. /.test(line));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps.join('\n')).toMatch(/detach-user-policy .*AWSCompromisedKeyQuarantineV3/);
  });

  it('is configured by akr:leakResponse, a row of the settings table', () => {
    expect(section).toContain('`akr:leakResponse`');
    expect(readme).toMatch(/^\| `akr:leakResponse` \| .* \| `on` \|$/m);
  });
});
