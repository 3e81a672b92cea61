/**
 * Binds every Task state to the handler module its function bundles for AWS.
 * The handlers read their configuration at import time, so each function's
 * environment from the template is applied before its module is loaded.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunOptions } from 'aws-local-stepfunctions';
import { invokeLambda, type LambdaHandler } from './lambda-invocation.ts';
import type { SynthesizedWorkflow } from './synthesized-workflow.ts';

export type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type TaskResult = Awaited<ReturnType<TaskHandlers[string]>>;

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * All functions of one stack share one configuration, so one process can host them all;
 * a conflicting value would mean the template changed that, and is refused loudly.
 */
function applyEnvironment(workflow: SynthesizedWorkflow): void {
  const applied = new Map<string, string>();
  for (const fn of workflow.tasks.values()) {
    for (const [name, value] of Object.entries(fn.environment)) {
      const previous = applied.get(name);
      if (previous !== undefined && previous !== value) {
        throw new Error(`Functions disagree on ${name}; the local runner hosts them in one process`);
      }
      applied.set(name, value);
      process.env[name] = value;
    }
  }
}

export async function bindTaskHandlers(workflow: SynthesizedWorkflow): Promise<TaskHandlers> {
  applyEnvironment(workflow);
  const handlers: TaskHandlers = {};
  for (const [stateName, fn] of workflow.tasks) {
    const module = (await import(pathToFileURL(resolve(REPO_ROOT, fn.entry)).href)) as {
      handler?: LambdaHandler;
    };
    const { handler } = module;
    if (typeof handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
    handlers[stateName] = async (input) => (await invokeLambda(fn, handler, input)) as TaskResult;
  }
  return handlers;
}
