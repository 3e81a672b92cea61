/**
 * aws-local-stepfunctions runs every Map inline: no ItemReader, no
 * ResultWriter, no tolerated failures, and each item's events in the parent's
 * history. So the runner runs each Distributed Map of the synthesized
 * definition itself (map-run.ts): the library sees the state as a Task of the
 * same name, with the Map's own InputPath, ResultSelector, ResultPath,
 * OutputPath, Retry, Catch and Next, bound to a handler that runs the Map Run.
 * Everything else about the state comes from the definition as synthesized:
 * nothing here is a second, local-only definition.
 */

import { checkDistributedMap } from './map-run.ts';
import type { AslDefinition, AslState } from './synthesized-workflow.ts';

/** A Map state that Step Functions runs as a Map Run of child executions. */
export function isDistributedMap(state: AslState): boolean {
  const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
  return (
    state.Type === 'Map' && (processor?.ProcessorConfig?.Mode === 'DISTRIBUTED' || 'ItemReader' in state)
  );
}

export interface DistributedMapPlan {
  /** The definition the library runs: each Distributed Map, at any depth, a Task of the same name. */
  readonly definition: AslDefinition;
  /** Map state name → the Map as synthesized, and its ItemProcessor as the library runs it. */
  readonly maps: ReadonlyMap<string, { readonly state: AslState; readonly processor: AslDefinition }>;
}

/**
 * Task timeouts are timers; this is the longest one Node can arm (≈ 24.8 days). A Map has no timeout
 * of its own, and the library would otherwise give the stand-in Task its 60 s default.
 */
const LONGEST_TASK_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const KEPT_FIELDS = [
  'InputPath',
  'ResultSelector',
  'ResultPath',
  'OutputPath',
  'Retry',
  'Catch',
  'Next',
  'End',
  'Comment',
];

function standIn(state: AslState): AslState {
  const kept = Object.fromEntries(
    KEPT_FIELDS.filter((field) => field in state).map((field) => [field, state[field]]),
  );
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::map-run',
    TimeoutSeconds: LONGEST_TASK_SECONDS,
    ...kept,
  };
}

const plans = new WeakMap<AslDefinition, DistributedMapPlan>();

function rewrite(
  definition: AslDefinition,
  maps: Map<string, { state: AslState; processor: AslDefinition }>,
): AslDefinition {
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    const inner = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    const branches = state.Branches as AslDefinition[] | undefined;
    if (isDistributedMap(state) && inner) {
      checkDistributedMap(name, state);
      if (maps.has(name))
        throw new Error(`Two Distributed Map states are named ${name}; the local runner binds them by name`);
      maps.set(name, { state, processor: rewrite(inner, maps) });
      states[name] = standIn(state);
    } else if (inner) {
      states[name] = { ...state, [state.ItemProcessor ? 'ItemProcessor' : 'Iterator']: rewrite(inner, maps) };
    } else if (branches) {
      states[name] = { ...state, Branches: branches.map((branch) => rewrite(branch, maps)) };
    } else states[name] = state;
  }
  return { ...definition, States: states };
}

export function distributedMapPlan(definition: AslDefinition): DistributedMapPlan {
  let plan = plans.get(definition);
  if (!plan) {
    const maps = new Map<string, { state: AslState; processor: AslDefinition }>();
    plan = { definition: rewrite(definition, maps), maps };
    plans.set(definition, plan);
  }
  return plan;
}
