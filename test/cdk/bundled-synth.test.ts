/**
 * The full synth `npx cdk synth` performs, bundling included: esbuild runs
 * locally (no Docker here), and each function's asset is an ESM bundle that
 * Node 24 loads with the AWS SDK left to the runtime. Slower than the others
 * (about 1.5 s per function).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/platform/rotator-function.ts';
import { resourcesOfType, type SynthesizedRotator, synthesizeRotator } from './synthesized-rotator.ts';

/** Every handler the stack deploys; written out, not derived from lib/. */
const HANDLERS = [
  'plan',
  'create-key',
  'verify-key',
  'publish',
  'check-old-key-use',
  'retire-old-key',
  'delete-old-key',
  'roll-back',
  'record',
  'reactivate-old-key',
  'fleet-discover',
  'fleet-summarize',
  'http-start-rotation',
  'leak-response',
].map((name) => `lambdas/handlers/${name}.ts`);

let synthesized: SynthesizedRotator;
/** akr:entry → the directory holding that function's bundle. */
const bundleDirs = new Map<string, string>();
/** akr:entry → the asset object key of each function bundling it (one per provider). */
const objectKeysByEntry = new Map<string, string[]>();

beforeAll(() => {
  // Prepare
  synthesized = synthesizeRotator({}, { bundle: true });
  // Lets a bundle resolve its external @aws-sdk imports the way the Lambda runtime provides them.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(synthesized.outdir, 'node_modules'));
  const manifest = JSON.parse(
    readFileSync(join(synthesized.outdir, 'AccessKeyRotator.assets.json'), 'utf8'),
  ) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const dirByObjectKey = new Map(
    Object.values(manifest.files).flatMap((file) =>
      Object.values(file.destinations).map(
        (destination) => [destination.objectKey, file.source.path] as const,
      ),
    ),
  );
  for (const [, fn] of resourcesOfType(synthesized.resources, 'AWS::Lambda::Function')) {
    const entry = String(fn.Metadata?.['akr:entry']);
    const objectKey = String((fn.Properties.Code as { S3Key: unknown }).S3Key);
    objectKeysByEntry.set(entry, [...(objectKeysByEntry.get(entry) ?? []), objectKey]);
    const dir = dirByObjectKey.get(objectKey);
    if (dir) bundleDirs.set(entry, resolve(synthesized.outdir, dir));
  }
}, 120_000);

afterAll(() => rmSync(synthesized.outdir, { recursive: true, force: true }));

describe('bundled synth', () => {
  it('bundles each handler once, the AWS and Yandex functions sharing the bundle', () => {
    // Per provider 9 rotation steps, the operator's re-activation and 2 fleet functions; the provider-neutral endpoint and AWS's leak response.
    expect([...objectKeysByEntry.keys()].sort()).toEqual([...HANDLERS].sort());
    for (const [entry, keys] of objectKeysByEntry) {
      // The endpoint serves both providers and the leak response AWS alone: one function each.
      const single = ['lambdas/handlers/http-start-rotation.ts', 'lambdas/handlers/leak-response.ts'];
      expect(keys, entry).toHaveLength(single.includes(entry) ? 1 : 2);
      expect(new Set(keys).size, entry).toBe(1);
    }
  });

  // A source map would cost each cold start its loading (lib/platform/rotator-function.ts); kept names stand in for it.
  it('produces one ESM bundle per handler, without a source map', () => {
    expect([...bundleDirs.keys()].sort()).toEqual([...HANDLERS].sort());
    for (const [entry, dir] of bundleDirs) {
      expect(existsSync(join(dir, 'index.mjs.map')), entry).toBe(false);
      const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(
        bundle.startsWith("import { createRequire as __akrCreateRequire } from 'node:module';"),
        entry,
      ).toBe(true);
    }
  });

  it('keeps function names through minification, so a stack trace still names them', () => {
    const plan = readFileSync(join(bundleDirs.get('lambdas/handlers/plan.ts') ?? '', 'index.mjs'), 'utf8');
    expect(plan).toContain('"planRotation"');
  });

  // bench/ measured the bundled SDK starting faster than the runtime's (see README "Benchmarks").
  it('bundles the AWS SDK into each artifact instead of importing the runtime copy', () => {
    const plan = readFileSync(join(bundleDirs.get('lambdas/handlers/plan.ts') ?? '', 'index.mjs'), 'utf8');
    expect(plan).not.toMatch(/from\s*"@aws-sdk\//);
    expect(plan).toContain('GetAccessKeyLastUsed');
    expect(plan.length).toBeLessThan(1_500_000);
  });

  it('loads every bundle on Node 24 and finds its handler', () => {
    for (const [entry, dir] of bundleDirs) {
      const url = pathToFileURL(join(dir, 'index.mjs')).href;
      const probe = `const m = await import(${JSON.stringify(url)}); if (typeof m.handler !== 'function') process.exit(3);`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
      expect(result.status, `${entry}: ${result.stderr}`).toBe(0);
    }
  });
});
