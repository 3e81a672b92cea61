/**
 * Builds the CDK app: the `AccessKeyRotator` stack configured from `akr:*`
 * context (see rotator-context.ts), checked by cdk-nag's AwsSolutions pack.
 * bin/app.ts synthesizes it; the local runner calls it with bundling skipped
 * to read each provider's definitions and functions' environment from the
 * template (selected by their `akr:provider` and `akr:workflow` metadata).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccessKeyRotatorStack } from './access-key-rotator-stack.ts';
import { cdkJsonContext } from './settings/cdk-json-context.ts';
import { stackPropsFromContext } from './settings/rotator-context.ts';

export const STACK_NAME = 'AccessKeyRotator';

export interface RotatorAppOptions {
  /**
   * Context values, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling, or `akr:*` settings.
   * @default - cdk.json's context (feature flags), and what the CDK CLI provides
   */
  readonly context?: Record<string, unknown>;
  /**
   * Where the cloud assembly is written.
   * @default - the CLI's output directory, or a temporary directory
   */
  readonly outdir?: string;
}

export interface RotatorApp {
  readonly app: App;
  readonly stack: AccessKeyRotatorStack;
}

export function createRotatorApp(options: RotatorAppOptions = {}): RotatorApp {
  // Defaults: the CLI's own context (cdk.json included, when it runs the app) overrides them.
  const app = new App({ context: { ...cdkJsonContext(), ...options.context }, outdir: options.outdir });
  const stack = new AccessKeyRotatorStack(app, STACK_NAME, {
    ...stackPropsFromContext(app.node),
    description:
      'Rotates AWS IAM user and Yandex Cloud service-account access keys with Step Functions (access-key-rotator)',
  });
  // A finding that is neither fixed nor acknowledged with a reason fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
