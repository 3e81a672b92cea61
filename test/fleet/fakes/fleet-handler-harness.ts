/**
 * What the fleet handler tests share on top of test/handlers/handler-harness.ts:
 * loading a fleet handler afresh under the test environment, and reading the
 * structured log lines it wrote.
 */
import { vi } from 'vitest';
import { type LogCapture, type StepHandler, TEST_ENV } from '../../handlers/handler-harness.ts';

/** Every exempt principal in these tests is tagged `rotation=manual`. */
export const FLEET_TEST_ENV = { ...TEST_ENV, AKR_EXEMPT_TAG: 'rotation=manual' } as const;

/** Imports `lambdas/handlers/<name>.ts` afresh, so its module-level settings see FLEET_TEST_ENV. */
export async function loadFleetHandler(name: 'fleet-discover' | 'fleet-summarize'): Promise<StepHandler> {
  for (const [variable, value] of Object.entries(FLEET_TEST_ENV)) vi.stubEnv(variable, value);
  vi.resetModules();
  return ((await import(`../../../lambdas/handlers/${name}.ts`)) as { handler: StepHandler }).handler;
}

/** The JSON lines the logger wrote while `logs` was capturing. */
export function logLines(logs: LogCapture): Record<string, unknown>[] {
  return logs
    .text()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
