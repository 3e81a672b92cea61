/**
 * The member role as an operator gets it: the real CDK CLI runs the repo's
 * app (cdk.json) and synthesizes `AccessKeyRotatorMember` from context alone,
 * printing the very template a StackSet takes; a bad hub id stops it, named.
 * `--exclusively` keeps the CLI from bundling the hub's functions, which this
 * stack does not need (the README's commands use it for the same reason).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/platform/rotator-function.ts';

const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-member-cli-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function cdkSynth(...args: string[]) {
  const cdk = join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  return spawnSync(
    process.execPath,
    [cdk, 'synth', 'AccessKeyRotatorMember', '--exclusively', '-o', outdir, ...args],
    {
      cwd: REPO_ROOT,
      // cdk.json runs `node bin/app.ts`: this Node, not an older one on PATH.
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
}

describe('cdk synth AccessKeyRotatorMember', () => {
  it('prints the member template, trusting the hub named in context', () => {
    const run = cdkSynth('--json', '-c', 'akr:hubAccountId=123456789012');
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { Resources: Record<string, { Properties: unknown }> };
    expect(printed).toEqual(
      JSON.parse(readFileSync(join(outdir, 'AccessKeyRotatorMember.template.json'), 'utf8')),
    );
    const [role] = Object.values(printed.Resources);
    expect(JSON.stringify(role?.Properties)).toContain(':iam::123456789012:root');
    expect(role?.Properties).toMatchObject({ RoleName: 'access-key-rotator-member' });
  }, 200_000);

  it('stops on a hub id that is not 12 digits, naming akr:hubAccountId', () => {
    const run = cdkSynth('-q', '-c', 'akr:hubAccountId=12345');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('akr:hubAccountId must be');
  }, 200_000);
});
