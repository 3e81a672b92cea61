/**
 * The README's permissions table says what each AWS function's role may do.
 * Its facts are read back from the synthesized template, so the table cannot
 * drift: every action a role is granted (besides writing its own logs and
 * traces) is named in the function's row, and nothing else is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/platform/rotator-function.ts';
import { synthesizeRotator } from '../cdk/synthesized-rotator.ts';
import { identityStatements, listOf } from './support/template-policies.ts';

/** README row → the handler its function runs. */
const ROWS: Readonly<Record<string, string>> = {
  Plan: 'plan.ts',
  CreateKey: 'create-key.ts',
  VerifyKey: 'verify-key.ts',
  Publish: 'publish.ts',
  CheckOldKeyUse: 'check-old-key-use.ts',
  RetireOldKey: 'retire-old-key.ts',
  DeleteOldKey: 'delete-old-key.ts',
  RollBack: 'roll-back.ts',
  Record: 'record.ts',
  'ReactivateOldKey (operator)': 'reactivate-old-key.ts',
  'Fleet Discover': 'fleet-discover.ts',
  'Fleet Summarize': 'fleet-summarize.ts',
  'On-demand endpoint': 'http-start-rotation.ts',
  'Leak response': 'leak-response.ts',
};

/** What every function may do besides its row: write its own log group and X-Ray traces. */
const EVERY_FUNCTION = /^(logs|xray):/;

/** Words the cells use for a service whose prefix they leave out. */
const SERVICE_WORDS: Readonly<Record<string, string>> = { lock: 'dynamodb' };

/**
 * The actions a cell names: `service:Action` or, after one, a bare `Action`
 * of the same service (`kms:GenerateDataKey, Decrypt`); a bare one before any
 * takes `service`. Parenthesised notes and "none" name nothing.
 */
function actionsIn(cell: string, service: string): string[] {
  const actions: string[] = [];
  for (const group of cell.replace(/\([^)]*\)/g, '').split(';')) {
    let current = service;
    for (const raw of group.split(',')) {
      const words = raw.trim().replace(/`/g, '').split(/\s+/);
      for (const word of words) {
        if (SERVICE_WORDS[word]) current = SERVICE_WORDS[word];
        const prefixed = /^([a-z0-9-]+):([A-Z][A-Za-z]+)$/.exec(word);
        if (prefixed) {
          current = prefixed[1] ?? current;
          actions.push(word);
        } else if (/^[A-Z][A-Za-z]+$/.test(word)) actions.push(`${current}:${word}`);
      }
    }
  }
  return actions;
}

/** The table's rows: function → the actions its IAM, Secrets Manager and Other cells name. */
function readmeTable(): Map<string, string[]> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('### Permissions'),
    readme.indexOf('### What execution history reveals'),
  );
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const [, name = '', users = '', secrets = '', other = ''] = cells;
    if (!(name in ROWS)) continue;
    rows.set(name, [
      ...actionsIn(users, 'iam'),
      ...actionsIn(secrets, 'secretsmanager'),
      ...actionsIn(other, ''),
    ]);
  }
  return rows;
}

/** Handler → every action its AWS role is granted (the on-demand endpoint serves both providers). */
function grantedActions(): Map<string, string[]> {
  const { resources } = synthesizeRotator();
  const roleOf = new Map<string, string>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const provider = resource.Metadata?.['akr:provider'];
    if (provider !== 'aws' && provider !== 'any' && provider !== undefined) continue;
    const entry = String(resource.Metadata?.['akr:entry'] ?? '').replace('lambdas/handlers/', '');
    const role = (resource.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    if (entry) roleOf.set(role, entry);
  }
  const granted = new Map<string, string[]>();
  for (const { roleId, statement } of identityStatements(resources)) {
    const entry = roleOf.get(roleId);
    if (!entry || statement.Effect !== 'Allow') continue;
    const actions = listOf(statement.Action).filter((action) => !EVERY_FUNCTION.test(action));
    granted.set(entry, [...(granted.get(entry) ?? []), ...actions]);
  }
  return granted;
}

const distinct = (actions: readonly string[]) => [...new Set(actions)].sort();

describe('the README permissions table', () => {
  const table = readmeTable();
  const granted = grantedActions();

  it('has a row for every AWS function', () => {
    expect([...table.keys()].sort()).toEqual(Object.keys(ROWS).sort());
    expect([...granted.keys()].sort()).toEqual(Object.values(ROWS).sort());
  });

  it.each(Object.entries(ROWS))('names exactly the actions the %s role is granted', (row, entry) => {
    expect(distinct(table.get(row) ?? []), row).toEqual(distinct(granted.get(entry) ?? []));
  });
});
