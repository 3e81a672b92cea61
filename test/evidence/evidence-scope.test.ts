/**
 * Where the report learns the account scope: deployed, from the environment
 * (the stack's Lambda environment, exported); locally, from the template
 * synthesized for the world (here a synth cache entry that is current, so
 * nothing is synthesized), with a variable set in the environment winning. A value the deployment would refuse is refused before anything is
 * read: VALIDATION_ERROR naming the variable, exit 2.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceCommand } from '../../cli/commands/evidence-command.ts';
import { readEvidenceScope, scopeEnvironment } from '../../cli/evidence/evidence-scope.ts';
import { REPO_ROOT } from '../../local/workflow/handler-bindings.ts';
import { synthesisCacheKey } from '../../local/workflow/synthesis-inputs.ts';
import { TEMPLATE_CACHE_FILE } from '../../local/workflow/template-cache.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDirWithTemplate(variables: Record<string, unknown>): string {
  const stateDir = mkdtempSync(join(tmpdir(), 'akr-evidence-scope-'));
  dirs.push(stateDir);
  mkdirSync(join(stateDir, 'cache'));
  const fn = (extra: Record<string, unknown>) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Environment: { Variables: { AKR_PROVIDER: 'aws', ...extra } } },
  });
  const template = {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Discover: fn({ ...variables, AKR_HUB_ACCOUNT_ID: { Ref: 'AWS::AccountId' } }),
    },
  };
  // The key of the current sources and settings: the cache hits, as after any local run.
  const key = synthesisCacheKey(REPO_ROOT, process.env, {});
  writeFileSync(join(stateDir, TEMPLATE_CACHE_FILE), JSON.stringify({ key, template }));
  return stateDir;
}

describe('the account scope of the report', () => {
  it('locally, from the template synthesized for the world', async () => {
    const stateDir = stateDirWithTemplate({
      AKR_ACCOUNTS: 'organization',
      AKR_EXCLUDED_ACCOUNTS: '999999999999',
      AKR_MEMBER_ROLE_NAME: 'rotator-member',
    });

    const scope = readEvidenceScope(await scopeEnvironment({ local: true, stateDir }, {}));

    expect(scope).toMatchObject({
      source: { kind: 'organization', organizationalUnits: [] },
      excludedAccounts: ['999999999999'],
      memberRoleName: 'rotator-member',
      memberExternalId: 'access-key-rotator',
    });
  });

  it('a variable set in the environment wins over the template; deployed, only the environment counts', async () => {
    const stateDir = stateDirWithTemplate({ AKR_ACCOUNTS: 'organization' });
    const env = { AKR_ACCOUNTS: '222222222222' };

    const local = readEvidenceScope(await scopeEnvironment({ local: true, stateDir }, env));
    const deployed = readEvidenceScope(await scopeEnvironment({ local: false, stateDir }, {}));

    expect(local.source).toEqual({ kind: 'list', accounts: ['222222222222'] });
    expect(deployed.source).toEqual({ kind: 'hub-only' });
  });

  it('a state dir with no synthesized template and no settings: the hub alone, nothing synthesized or written', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'akr-evidence-scope-'));
    dirs.push(stateDir);

    const scope = readEvidenceScope(await scopeEnvironment({ local: true, stateDir }, {}));

    expect(scope.source).toEqual({ kind: 'hub-only' });
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('a bad value: VALIDATION_ERROR naming the variable, exit 2, before anything is read', async () => {
    const stateDir = stateDirWithTemplate({ AKR_ACCOUNTS: '12345,222222222222' });
    const errors: string[] = [];
    const output = { line: () => undefined, error: (text: string) => errors.push(text) };

    const code = await evidenceCommand({ local: true, stateDir }, output);

    expect(code).toBe(2);
    expect(errors.join('\n')).toMatch(
      /VALIDATION_ERROR: AKR_ACCOUNTS: must list 12-digit AWS account ids, got "12345"/,
    );
    expect(errors.join('\n')).not.toMatch(/Read \d+ execution/);
  });

  it('a hub id that is not 12 digits is refused, naming AKR_HUB_ACCOUNT_ID', () => {
    expect(() => readEvidenceScope({ AKR_HUB_ACCOUNT_ID: '1234' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', field: 'AKR_HUB_ACCOUNT_ID' }),
    );
  });

  it('an account both included and excluded is refused, naming AKR_EXCLUDED_ACCOUNTS', () => {
    const env = { AKR_ACCOUNTS: '222222222222', AKR_EXCLUDED_ACCOUNTS: '222222222222' };

    expect(() => readEvidenceScope(env)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', field: 'AKR_EXCLUDED_ACCOUNTS' }),
    );
  });
});
