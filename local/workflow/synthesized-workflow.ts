/**
 * Extracts the state machine definition and its Lambda bindings from the
 * template CDK synthesizes, so the local runner executes the same ASL that
 * would be deployed rather than a hand-kept copy.
 */
import type { Provider } from '../../lambdas/rotation/rotation-state.ts';
import { WORKFLOW_METADATA_KEY, type WorkflowKind } from '../../lib/fleet/fleet-state-names.ts';
import { type CfnTemplate, type LocalAccount, localArn, resolveIntrinsics } from './template-intrinsics.ts';

/** A Lambda function of the template, as the local runner binds it. */
export interface SynthesizedFunction {
  readonly logicalId: string;
  readonly arn: string;
  /** Repo-relative handler entry, from the function's `akr:entry` metadata. */
  readonly entry: string;
  readonly environment: Readonly<Record<string, string>>;
  /** The function's `Timeout`: Lambda ends an invocation that runs longer (3 s when the template sets none). */
  readonly timeoutSeconds: number;
}

/** Lambda's own default when a function declares no timeout. */
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

export interface SynthesizedTable {
  readonly logicalId: string;
  readonly keySchema: readonly { AttributeName: string; KeyType: string }[];
  readonly attributeDefinitions: readonly { AttributeName: string; AttributeType: string }[];
}

export interface SynthesizedWorkflow {
  readonly kind: WorkflowKind;
  readonly stateMachineLogicalId: string;
  /** The local ARN: `arn:aws:states:<region>:<account>:stateMachine:<logical id>`. */
  readonly stateMachineArn: string;
  readonly definition: AslDefinition;
  /** Task state name → the function its Resource names (nested Map and Parallel states included). */
  readonly tasks: ReadonlyMap<string, SynthesizedFunction>;
  /** Task state name → a service integration Resource (`arn:…:states:::…`), bound by the runner itself. */
  readonly serviceTasks: ReadonlyMap<string, string>;
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

/** Every Task state of a definition, including those inside Map and Parallel states. */
function taskStates(states: Readonly<Record<string, AslState>>): [string, AslState][] {
  const found: [string, AslState][] = [];
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') found.push([name, state]);
    const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    if (processor) found.push(...taskStates(processor.States));
    for (const branch of (state.Branches as AslDefinition[] | undefined) ?? [])
      found.push(...taskStates(branch.States));
  }
  return found;
}

function lambdaFunctions(template: CfnTemplate, account: LocalAccount): Map<string, SynthesizedFunction> {
  const functionsByArn = new Map<string, SynthesizedFunction>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
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
    const timeout = resource.Properties?.Timeout;
    const timeoutSeconds = typeof timeout === 'number' ? timeout : LAMBDA_DEFAULT_TIMEOUT_SECONDS;
    functionsByArn.set(arn, { logicalId, arn, entry, environment, timeoutSeconds });
  }
  return functionsByArn;
}

/** One provider's state machine of one kind, found by its `akr:provider` and `akr:workflow` metadata. */
export function extractWorkflow(
  template: CfnTemplate,
  account: LocalAccount,
  provider: Provider,
  kind: WorkflowKind = 'rotation',
): SynthesizedWorkflow {
  const resources = Object.entries(template.Resources);
  const machines = resources.filter(
    ([, resource]) =>
      resource.Type === 'AWS::StepFunctions::StateMachine' &&
      resource.Metadata?.['akr:provider'] === provider &&
      resource.Metadata?.[WORKFLOW_METADATA_KEY] === kind,
  );
  const [machine] = machines;
  if (!machine || machines.length !== 1) {
    throw new Error(`Expected one ${kind} state machine for provider ${provider}, found ${machines.length}`);
  }
  const [stateMachineLogicalId, machineResource] = machine;
  const definitionString = resolveIntrinsics(machineResource.Properties?.DefinitionString, template, account);
  const definition = JSON.parse(String(definitionString)) as AslDefinition;

  const functionsByArn = lambdaFunctions(template, account);
  const tasks = new Map<string, SynthesizedFunction>();
  const serviceTasks = new Map<string, string>();
  for (const [stateName, state] of taskStates(definition.States)) {
    if (!state.Resource) continue;
    const fn = functionsByArn.get(state.Resource);
    if (fn) tasks.set(stateName, fn);
    else if (state.Resource.includes(':states:::')) serviceTasks.set(stateName, state.Resource);
    else throw new Error(`Task ${stateName} calls ${state.Resource}, which has no akr:entry handler`);
  }

  const tables = resources
    .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, resource]) => ({
      logicalId,
      keySchema: resource.Properties?.KeySchema as SynthesizedTable['keySchema'],
      attributeDefinitions: resource.Properties
        ?.AttributeDefinitions as SynthesizedTable['attributeDefinitions'],
    }));
  const stateMachineArn = localArn(template, stateMachineLogicalId, account);
  return { kind, stateMachineLogicalId, stateMachineArn, definition, tasks, serviceTasks, tables };
}

/**
 * Functions that are not states of a workflow but operator actions (e.g. the
 * rollback's re-activation), found by their `akr:operation` metadata.
 */
export function operationFunctions(
  template: CfnTemplate,
  account: LocalAccount,
  provider: Provider,
): Map<string, SynthesizedFunction> {
  return functionsMarked(template, account, provider, 'akr:operation');
}

/**
 * Functions an event invokes (e.g. the leak response, on an AWS Health
 * event), found by their `akr:trigger` metadata.
 */
export function triggerFunctions(
  template: CfnTemplate,
  account: LocalAccount,
  provider: Provider,
): Map<string, SynthesizedFunction> {
  return functionsMarked(template, account, provider, 'akr:trigger');
}

/** The provider's functions carrying metadata `key`, by its value. */
function functionsMarked(
  template: CfnTemplate,
  account: LocalAccount,
  provider: Provider,
  key: string,
): Map<string, SynthesizedFunction> {
  const byArn = lambdaFunctions(template, account);
  const marked = new Map<string, SynthesizedFunction>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const value = resource.Metadata?.[key];
    if (typeof value !== 'string' || resource.Metadata?.['akr:provider'] !== provider) continue;
    const fn = byArn.get(localArn(template, logicalId, account));
    if (fn) marked.set(value, fn);
  }
  return marked;
}
