/**
 * The synth cache's key changes with every input of the synth, and only
 * with those: checked on a copy of the repository's inputs.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { synthesisCacheKey } from '../../local/workflow/synthesis-inputs.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
let root: string;
let baseline: string;
const NO_CONTEXT = {};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'akr-key-'));
  for (const path of ['lib', 'lambdas', 'cdk.json', 'local/workflow/synthesize-template.ts', 'README.md'])
    cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  for (const pkg of ['aws-cdk-lib', 'constructs', 'cdk-nag']) {
    mkdirSync(join(root, 'node_modules', pkg), { recursive: true });
    writeFileSync(join(root, 'node_modules', pkg, 'package.json'), '{"version":"1.0.0"}');
  }
  baseline = synthesisCacheKey(root, NO_CONTEXT);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('synth cache key', () => {
  it('is a SHA-256 that stays the same while nothing changes', () => {
    expect(baseline).toMatch(/^[0-9a-f]{64}$/);
    expect(synthesisCacheKey(root, NO_CONTEXT)).toBe(baseline);
  });

  it.each([
    [
      'a construct in a sub-folder of lib/ is edited',
      () => appendFileSync(join(root, 'lib', 'rotation', 'rotation-workflow.ts'), '\n'),
    ],
    [
      'a handler under lambdas/ is edited',
      () => appendFileSync(join(root, 'lambdas', 'handlers', 'plan.ts'), '\n'),
    ],
    [
      'a file is added under lambdas/',
      () => writeFileSync(join(root, 'lambdas', 'handlers', 'new-step.ts'), ''),
    ],
    [
      'cdk.json context changes',
      () => writeFileSync(join(root, 'cdk.json'), '{"context":{"akr:providers":"aws"}}'),
    ],
    [
      'the synth module changes',
      () => appendFileSync(join(root, 'local/workflow/synthesize-template.ts'), '\n'),
    ],
    [
      'aws-cdk-lib is upgraded',
      () => writeFileSync(join(root, 'node_modules/aws-cdk-lib/package.json'), '{"version":"1.0.1"}'),
    ],
    [
      'cdk-nag is upgraded',
      () => writeFileSync(join(root, 'node_modules/cdk-nag/package.json'), '{"version":"2.0.0"}'),
    ],
  ])('changes when %s', (_change, change) => {
    change();
    expect(synthesisCacheKey(root, NO_CONTEXT)).not.toBe(baseline);
  });

  it('changes with the context given through CDK_CONTEXT_JSON', () => {
    expect(synthesisCacheKey(root, { CDK_CONTEXT_JSON: '{"akr:userPath":"/rotated/"}' })).not.toBe(baseline);
  });

  it('ignores files the template does not come from', () => {
    appendFileSync(join(root, 'README.md'), '\nmore prose\n');
    writeFileSync(join(root, 'notes.txt'), 'unrelated');
    expect(synthesisCacheKey(root, { HOME: '/elsewhere' })).toBe(baseline);
  });
});
