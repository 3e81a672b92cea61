/**
 * The one place the local side runs the CDK app. Loading aws-cdk-lib and
 * synthesizing take seconds, so this module is imported only when the synth
 * cache misses (template-cache.ts). Bundling is skipped (`Stack.bundlingRequired`
 * is false for an empty `aws:cdk:bundling-stacks`, and each NodejsFunction then
 * gets a placeholder asset): the local runner imports the handler sources, and
 * everything it reads from the template is the same as in a bundled synth
 * (test/local/unbundled-synth.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRotatorApp } from '../../lib/rotator-app.ts';
import { cdkJsonContext } from '../../lib/settings/cdk-json-context.ts';
import type { CfnTemplate } from './template-intrinsics.ts';
import type { WorldSettings } from './world-settings.ts';

/** `worldSettings` come after cdk.json's context, as `-c` values do. */
export function synthesizeTemplate(repoRoot: string, worldSettings: WorldSettings = {}): CfnTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'akr-synth-'));
  try {
    const { app, stack } = createRotatorApp({
      // cdk.json's context (the app reads it too), as `npx cdk synth` gives it: the cache key hashes the same file.
      context: {
        ...cdkJsonContext(join(repoRoot, 'cdk.json')),
        ...worldSettings,
        'aws:cdk:bundling-stacks': [],
      },
      outdir,
    });
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
    return { Resources: template.Resources };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
