/**
 * Binds every Task state to the handler its function bundles for AWS, running
 * in a local Lambda container with the environment the template gives it.
 */
import { resolve } from 'node:path';
import type { RunOptions } from 'aws-local-stepfunctions';
import type { LambdaContainer } from './lambda-container.ts';
import type { SynthesizedWorkflow } from './synthesized-workflow.ts';

export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type TaskResult = Awaited<ReturnType<TaskHandlers[string]>>;

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * The functions of one workflow share one configuration, so one container can
 * host them all; a value that differs between them is refused loudly.
 */
export function workflowEnvironment(workflow: SynthesizedWorkflow): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const fn of workflow.tasks.values()) {
    for (const [name, value] of Object.entries(fn.environment)) {
      if (name in environment && environment[name] !== value) {
        throw new Error(`Functions disagree on ${name}; one local container hosts them all`);
      }
      environment[name] = value;
    }
  }
  return environment;
}

export function bindTaskHandlers(workflow: SynthesizedWorkflow, container: LambdaContainer): TaskHandlers {
  const handlers: TaskHandlers = {};
  for (const [stateName, fn] of workflow.tasks) {
    handlers[stateName] = async (input) => (await container.invoke(fn, input)) as TaskResult;
  }
  return handlers;
}
