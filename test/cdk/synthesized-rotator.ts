/**
 * Synthesizes the rotator app the way the local runner does (bundling skipped
 * unless asked) and offers plain-JSON views of the template for assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import type { AccessKeyRotatorStack } from '../../lib/access-key-rotator-stack.ts';
import { PROVIDER_METADATA_KEY } from '../../lib/provider-rotator.ts';
import { createRotatorApp } from '../../lib/rotator-app.ts';

export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface SynthesizedRotator {
  readonly app: App;
  readonly stack: AccessKeyRotatorStack;
  /** The cloud assembly; kept only when bundling (the caller removes it), otherwise already removed. */
  readonly outdir: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
  readonly outputs: Readonly<Record<string, unknown>>;
}

export function synthesizeRotator(
  context: Record<string, unknown> = {},
  options: { readonly bundle?: boolean } = {},
): SynthesizedRotator {
  const outdir = mkdtempSync(join(tmpdir(), 'akr-cdk-test-'));
  const skipBundling = options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
  const { app, stack } = createRotatorApp({ context: { ...skipBundling, ...context }, outdir });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, TemplateResource>;
    Outputs: Record<string, unknown>;
  };
  if (!options.bundle) rmSync(outdir, { recursive: true, force: true });
  return { app, stack, outdir, resources: template.Resources, outputs: template.Outputs };
}

export function resourcesOfType(
  resources: Readonly<Record<string, TemplateResource>>,
  type: string,
): [logicalId: string, resource: TemplateResource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** The resources of `type` that carry `akr:provider` metadata naming `provider`. */
export function providerResources(
  resources: Readonly<Record<string, TemplateResource>>,
  type: string,
  provider: Provider,
): [logicalId: string, resource: TemplateResource][] {
  return resourcesOfType(resources, type).filter(
    ([, resource]) => resource.Metadata?.[PROVIDER_METADATA_KEY] === provider,
  );
}

/** Stands in for a resource's ARN (`Fn::GetAtt [id, Arn]`) in rendered JSON. */
export function arnOf(logicalId: string): string {
  return `<${logicalId}.Arn>`;
}

/**
 * Renders a template value to plain JSON: `AWS::*` pseudo parameters become
 * `<AWS::X>`, a `Ref` becomes `<Id>` and `Fn::GetAtt [Id, Attr]` becomes `<Id.Attr>`.
 */
export function renderIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renderIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(renderIntrinsics(part))).join(separator);
  }
  if (Array.isArray(node['Fn::GetAtt'])) {
    const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
    return `<${logicalId}.${attribute}>`;
  }
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, renderIntrinsics(item)]));
}

export interface AslState {
  readonly Type: string;
  readonly [field: string]: unknown;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
  readonly [field: string]: unknown;
}

/** The state machine of `provider`, and its definition resolved to plain JSON. */
export function renderStateMachine(
  resources: Readonly<Record<string, TemplateResource>>,
  provider: Provider = 'aws',
): {
  readonly logicalId: string;
  readonly machine: TemplateResource;
  readonly definition: AslDefinition;
} {
  const machines = providerResources(resources, 'AWS::StepFunctions::StateMachine', provider);
  const [logicalId, machine] = machines[0] ?? [];
  if (!logicalId || !machine || machines.length !== 1)
    throw new Error(`Expected one ${provider} state machine, found ${machines.length}`);
  const definition = JSON.parse(String(renderIntrinsics(machine.Properties.DefinitionString)));
  return { logicalId, machine, definition: definition as AslDefinition };
}
