/**
 * What the fleet handler tests share on top of test/handlers/handler-harness.ts:
 * loading a fleet handler afresh under the test environment, and reading the
 * structured log lines it wrote.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import { type LogCapture, type StepHandler, TEST_ENV } from '../../handlers/handler-harness.ts';

/** Every exempt principal in these tests is tagged `rotation=manual`. */
export const FLEET_TEST_ENV = {
  ...TEST_ENV,
  AKR_EXEMPT_TAG: 'rotation=manual',
  AKR_FLEET_WORK_BUCKET: 'akr-fleet-work',
} as const;

export const s3Mock = mockClient(S3Client);

/**
 * The work bucket behind the S3 mock: PutObject keeps the body, GetObject
 * returns it (NoSuchKey otherwise), so a handler reads back what was written.
 */
export function mockWorkBucket(): Map<string, string> {
  const objects = new Map<string, string>();
  s3Mock.reset();
  s3Mock.on(PutObjectCommand).callsFake((input: { Key: string; Body: string }) => {
    objects.set(input.Key, String(input.Body));
    return {};
  });
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const body = objects.get(input.Key);
    if (body === undefined)
      throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return { Body: { transformToString: async () => body } };
  });
  return objects;
}

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
