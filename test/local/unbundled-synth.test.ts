/**
 * The local runner synthesizes without bundling; what it reads from that
 * template must be exactly what it would read from the one `npx cdk synth`
 * writes, bundles and cdk.json context included. One slow test: the real CDK
 * CLI runs esbuild for every function.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import type { WorkflowKind } from '../../lib/fleet/fleet-state-names.ts';
import { synthesizeTemplate } from '../../local/workflow/synthesize-template.ts';
import { extractWorkflow, operationFunctions } from '../../local/workflow/synthesized-workflow.ts';
import type { CfnTemplate } from '../../local/workflow/template-intrinsics.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const ACCOUNT = { partition: 'aws', region: 'eu-central-1', accountId: '210987654321' };
const PROVISIONED_TYPES = new Set(['AWS::DynamoDB::Table', 'AWS::SNS::Topic', 'AWS::S3::Bucket']);
let outdir: string;
let bundled: CfnTemplate;
let unbundled: CfnTemplate;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-synth-'));
  const cdk = join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const run = spawnSync(process.execPath, [cdk, 'synth', '-q', '-o', outdir], {
    cwd: REPO_ROOT,
    // cdk.json runs `node bin/app.ts`: this Node, not an older one on PATH.
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (run.status !== 0) throw new Error(`cdk synth failed: ${run.stderr}`);
  bundled = JSON.parse(readFileSync(join(outdir, 'AccessKeyRotator.template.json'), 'utf8'));
  unbundled = synthesizeTemplate(REPO_ROOT);
}, 300_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Everything the local runner takes from a template for one workflow, as plain JSON. */
function localView(template: CfnTemplate, provider: Provider, kind: WorkflowKind) {
  const workflow = extractWorkflow(template, ACCOUNT, provider, kind);
  return {
    ...workflow,
    tasks: Object.fromEntries(workflow.tasks),
    serviceTasks: Object.fromEntries(workflow.serviceTasks),
    operations: Object.fromEntries(operationFunctions(template, ACCOUNT, provider)),
  };
}

function provisioned(template: CfnTemplate) {
  return Object.entries(template.Resources)
    .filter(([, resource]) => PROVISIONED_TYPES.has(resource.Type))
    .map(([logicalId, { Type, Properties }]) => ({ logicalId, Type, Properties }));
}

describe('synth without bundling', () => {
  it('is compared with a synth that really bundled', () => {
    const bundles = readdirSync(outdir).filter((name) => existsSync(join(outdir, name, 'index.mjs')));
    expect(bundles.length).toBeGreaterThan(10);
  });

  for (const provider of ['aws', 'yandex'] as const) {
    for (const kind of ['rotation', 'fleet'] as const) {
      it(`gives the local runner the same ${provider} ${kind} workflow: ASL, task bindings, environments, tables`, () => {
        const expected = localView(bundled, provider, kind);
        expect(expected.tasks).not.toEqual({});
        expect(localView(unbundled, provider, kind)).toEqual(expected);
      });
    }
  }

  it('declares the same tables, topics and buckets for the local run to create', () => {
    expect(provisioned(bundled).length).toBeGreaterThan(2);
    expect(provisioned(unbundled)).toEqual(provisioned(bundled));
  });
});
