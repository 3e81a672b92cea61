/**
 * The `context` of the project's cdk.json: the recommended feature flags of
 * the pinned aws-cdk-lib, as `cdk init` writes them, and any settings kept
 * there. The CDK CLI hands them to the app itself; an app built in process
 * (the tests, the local runner) reads them here, so that every synthesis,
 * deployed or local, is made with the same flags.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const CDK_JSON_PATH = resolve(import.meta.dirname, '../..', 'cdk.json');

export function cdkJsonContext(path: string = CDK_JSON_PATH): Record<string, unknown> {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> };
  return { ...parsed.context };
}
