/**
 * Extracts the state machine definition and its Lambda bindings from the
 * template CDK synthesizes, so the local runner executes the same ASL that
 * would be deployed rather than a hand-kept copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { createRotatorApp } from '../../lib/rotator-app.ts';
import { type CfnTemplate, type LocalAccount, localArn, resolveIntrinsics } from './template-intrinsics.ts';

/** A Lambda function of the template, as the local runner binds it. */
export interface SynthesizedFunction {
  readonly logicalId: string;
  readonly arn: string;
  /** Repo-relative handler entry, from the function's `akr:entry` metadata. */
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
}

export interface SynthesizedTable {
  readonly logicalId: string;
  readonly keySchema: readonly { AttributeName: string; KeyType: string }[];
  readonly attributeDefinitions: readonly { AttributeName: string; AttributeType: string }[];
}

export interface SynthesizedWorkflow {
  readonly stateMachineLogicalId: string;
  readonly definition: AslDefinition;
  /** Task state name → the function its Resource names. */
  readonly tasks: ReadonlyMap<string, SynthesizedFunction>;
  readonly tables: readonly SynthesizedTable[];
}

export interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next: string }[];
  readonly Catch?: readonly { readonly Next: string; readonly ErrorEquals: readonly string[] }[];
  readonly [field: string]: unknown;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

/** The state machine of one provider, found by its `akr:provider` metadata. */
export function extractWorkflow(
  template: CfnTemplate,
  account: LocalAccount,
  provider: Provider,
): SynthesizedWorkflow {
  const resources = Object.entries(template.Resources);
  const machines = resources.filter(
    ([, resource]) =>
      resource.Type === 'AWS::StepFunctions::StateMachine' &&
      resource.Metadata?.['akr:provider'] === provider,
  );
  const [machine] = machines;
  if (!machine || machines.length !== 1) {
    throw new Error(`Expected one state machine for provider ${provider}, found ${machines.length}`);
  }
  const [stateMachineLogicalId, machineResource] = machine;
  const definitionString = resolveIntrinsics(machineResource.Properties?.DefinitionString, template, account);
  const definition = JSON.parse(String(definitionString)) as AslDefinition;

  const functionsByArn = new Map<string, SynthesizedFunction>();
  for (const [logicalId, resource] of resources) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const entry = resource.Metadata?.['akr:entry'];
    if (typeof entry !== 'string') continue;
    const variables = (resource.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables;
    const resolved = (resolveIntrinsics(variables ?? {}, template, account) ?? {}) as Record<string, unknown>;
    const environment = Object.fromEntries(
      Object.entries(resolved).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, String(value)]],
      ),
    );
    const arn = localArn(template, logicalId, account);
    functionsByArn.set(arn, { logicalId, arn, entry, environment });
  }

  const tasks = new Map<string, SynthesizedFunction>();
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task' || !state.Resource) continue;
    const fn = functionsByArn.get(state.Resource);
    if (!fn) throw new Error(`Task ${stateName} calls ${state.Resource}, which has no akr:entry handler`);
    tasks.set(stateName, fn);
  }

  const tables = resources
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, resource]) => ({
      logicalId,
      keySchema: resource.Properties?.KeySchema as SynthesizedTable['keySchema'],
      attributeDefinitions: resource.Properties
        ?.AttributeDefinitions as SynthesizedTable['attributeDefinitions'],
    }));
  return { stateMachineLogicalId, definition, tasks, tables };
}

/** Synthesizes the CDK app without bundling (the runner imports handler sources directly). */
export function synthesizeWorkflow(account: LocalAccount, provider: Provider): SynthesizedWorkflow {
  const outdir = mkdtempSync(join(tmpdir(), 'akr-synth-'));
  try {
    const { app, stack } = createRotatorApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
    return extractWorkflow(template, account, provider);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
