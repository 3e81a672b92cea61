/**
 * Synthesizes the rotator app the way the local runner does (bundling skipped
 * unless asked) and offers plain-JSON views of the template for assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { expect } from 'vitest';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import type { AccessKeyRotatorStack } from '../../lib/access-key-rotator-stack.ts';
import { WORKFLOW_METADATA_KEY, type WorkflowKind } from '../../lib/fleet/fleet-state-names.ts';
import { PROVIDER_METADATA_KEY, type ProviderMetadata } from '../../lib/platform/resource-metadata.ts';
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

/** The resources of `type` that carry `akr:provider` metadata naming `provider` (`any`: the endpoint). */
export function providerResources(
  resources: Readonly<Record<string, TemplateResource>>,
  type: string,
  provider: ProviderMetadata,
): [logicalId: string, resource: TemplateResource][] {
  return resourcesOfType(resources, type).filter(
    ([, resource]) => resource.Metadata?.[PROVIDER_METADATA_KEY] === provider,
  );
}

/** The logical id of the role a Lambda function (`Role`) or state machine (`RoleArn`) runs as. */
export function roleIdOf(resource: TemplateResource): string {
  const role = (resource.Properties.Role ?? resource.Properties.RoleArn) as {
    'Fn::GetAtt': [string, string];
  };
  return role['Fn::GetAtt'][0];
}

/** Every statement of every policy attached to the role `roleId`, rendered to plain JSON. */
export function roleStatements(
  resources: Readonly<Record<string, TemplateResource>>,
  roleId: string,
): PolicyStatement[] {
  const roleRef = JSON.stringify([{ Ref: roleId }]);
  return resourcesOfType(resources, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === roleRef)
    .flatMap(
      ([, policy]) => (renderIntrinsics(policy.Properties.PolicyDocument) as PolicyDocument).Statement,
    );
}

export interface PolicyStatement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

interface PolicyDocument {
  readonly Statement: PolicyStatement[];
}

export const actionsOf = (statement: PolicyStatement): string[] => [statement.Action].flat();

/** A statement as `[actions, resource or resources]`, the way tests write what a role may do. */
export type Grant = readonly [actions: readonly string[], resource: unknown];

/**
 * One `[action, resource]` per action on each resource: what a set of
 * statements allows, however they are grouped or ordered. With
 * `@aws-cdk/aws-iam:minimizePolicies` CDK merges statements that share
 * resources or actions and sorts both, so tests compare these, not statements.
 */
export function atomicGrants(grants: readonly Grant[]): [string, unknown][] {
  return grants.flatMap(([actions, resource]) =>
    actions.flatMap((action) =>
      (Array.isArray(resource) ? resource : [resource]).map((one) => [action, one]),
    ),
  ) as [string, unknown][];
}

export const grantsOfStatements = (statements: readonly PolicyStatement[]): Grant[] =>
  statements.map((statement) => [actionsOf(statement), statement.Resource]);

/**
 * Statements regrouped one way whatever way CDK grouped them: one per service,
 * condition and resource, its actions sorted. Compare
 * `canonicalStatements(actual)` with `canonicalStatements(expected)` to assert
 * exact permissions, conditions included.
 */
export function canonicalStatements(statements: readonly PolicyStatement[]): PolicyStatement[] {
  const groups = new Map<string, { Action: string[]; Resource: unknown; Condition?: unknown }>();
  for (const statement of statements)
    for (const action of actionsOf(statement))
      for (const resource of [statement.Resource].flat()) {
        const key = JSON.stringify([action.split(':')[0], statement.Condition ?? null, resource]);
        const group = groups.get(key) ?? {
          Action: [],
          Resource: resource,
          ...(statement.Condition === undefined ? {} : { Condition: statement.Condition }),
        };
        if (!group.Action.includes(action)) group.Action.push(action);
        groups.set(key, group);
      }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, group]) => ({ ...group, Action: group.Action.sort() }));
}

/** The statements allow exactly `expected` (matchers welcome as resources), in any grouping and order. */
export function expectSameGrants(statements: readonly PolicyStatement[], expected: readonly Grant[]): void {
  const actual = atomicGrants(grantsOfStatements(statements));
  const wanted = atomicGrants(expected);
  expect(actual).toEqual(expect.arrayContaining(wanted));
  expect(actual).toHaveLength(wanted.length);
}

/** Stands in for a resource's ARN (`Fn::GetAtt [id, Arn]`) in rendered JSON. */
export function arnOf(logicalId: string): string {
  return `<${logicalId}.Arn>`;
}

/** How renderIntrinsics shows the name CDK cuts out of a state machine ARN (`Fn::Select [6, Fn::Split [':', Ref]]`). */
export function stateMachineNameOf(logicalId: string): string {
  return `<${logicalId}.Name>`;
}

/**
 * Renders a template value to plain JSON: `AWS::*` pseudo parameters become
 * `<AWS::X>`, a `Ref` becomes `<Id>`, `Fn::GetAtt [Id, Attr]` becomes `<Id.Attr>`
 * and the name part of a state machine ARN `<Id.Name>`.
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
  const [index, split] = (node['Fn::Select'] ?? []) as [
    number?,
    { 'Fn::Split'?: [string, { Ref?: string }] }?,
  ];
  const [separator, arn] = split?.['Fn::Split'] ?? [];
  if (index === 6 && separator === ':' && typeof arn?.Ref === 'string') return stateMachineNameOf(arn.Ref);
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

/** The `workflow` state machine of `provider`, and its definition resolved to plain JSON. */
export function renderStateMachine(
  resources: Readonly<Record<string, TemplateResource>>,
  provider: Provider = 'aws',
  workflow: WorkflowKind = 'rotation',
): {
  readonly logicalId: string;
  readonly machine: TemplateResource;
  readonly definition: AslDefinition;
} {
  const machines = providerResources(resources, 'AWS::StepFunctions::StateMachine', provider).filter(
    ([, machine]) => machine.Metadata?.[WORKFLOW_METADATA_KEY] === workflow,
  );
  const [logicalId, machine] = machines[0] ?? [];
  if (!logicalId || !machine || machines.length !== 1)
    throw new Error(`Expected one ${provider} ${workflow} state machine, found ${machines.length}`);
  const definition = JSON.parse(String(renderIntrinsics(machine.Properties.DefinitionString)));
  return { logicalId, machine, definition: definition as AslDefinition };
}
