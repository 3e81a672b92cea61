/**
 * cdk.json sets the feature flags the installed aws-cdk-lib recommends, as
 * `cdk init` writes them (from the library's recommended-feature-flags.json),
 * so an upgrade that adds a flag fails here until cdk.json takes it. The app
 * built in process (tests, the local runner) runs with the same flags as
 * `cdk synth`, which reads them from cdk.json itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FeatureFlags } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { createRotatorApp } from '../../lib/rotator-app.ts';
import { CDK_JSON_PATH, cdkJsonContext } from '../../lib/settings/cdk-json-context.ts';

const RECOMMENDED = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'),
) as Record<string, unknown>;

describe('CDK feature flags', () => {
  it('cdk.json carries every flag the installed aws-cdk-lib recommends, with its value', () => {
    // Act
    const context = cdkJsonContext(CDK_JSON_PATH);

    // Assess
    expect(Object.keys(RECOMMENDED).length).toBeGreaterThan(50);
    const missingOrDifferent = Object.entries(RECOMMENDED)
      .filter(([flag, value]) => JSON.stringify(context[flag]) !== JSON.stringify(value))
      .map(([flag]) => flag);
    expect(missingOrDifferent).toEqual([]);
  });

  it('applies them to the app built in process, as the CDK CLI does', () => {
    // Act
    const { app, stack } = createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [] } });

    // Assess
    for (const [flag, value] of Object.entries(RECOMMENDED))
      expect(app.node.tryGetContext(flag), flag).toEqual(value);
    expect(FeatureFlags.of(stack).isEnabled('@aws-cdk/aws-iam:minimizePolicies')).toBe(true);
  });
});
