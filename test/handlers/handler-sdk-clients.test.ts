/**
 * Issue 7's cold-init target: loading the SDK is most of a cold start, so each
 * handler's artifact may import only the clients its rule's ports use. The
 * handlers are bundled as CDK does with the SDK left external, and the
 * `@aws-sdk/client-*` packages each one imports are compared with its table
 * row. Both providers' adapters of a port are in the artifact (AKR_PROVIDER
 * is read at run time): IAM and Secrets Manager for `keys`, STS and S3 for
 * `verifier`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const HANDLER_CLIENTS: Readonly<Record<string, readonly string[]>> = {
  'check-old-key-use': ['eventbridge', 'iam', 'secrets-manager', 'sns'],
  'create-key': ['iam', 'secrets-manager'],
  'delete-old-key': ['iam', 'secrets-manager'],
  'fleet-discover': ['dynamodb', 'iam', 'organizations', 's3', 'secrets-manager'],
  'fleet-summarize': ['s3'],
  'http-start-rotation': ['sfn'],
  'leak-response': ['sfn'],
  plan: ['dynamodb', 'iam', 'secrets-manager'],
  publish: ['eventbridge', 'secrets-manager', 'sns'],
  'reactivate-old-key': ['dynamodb', 'iam', 'secrets-manager', 'sfn'],
  record: ['dynamodb', 'eventbridge', 's3', 'sns'],
  'retire-old-key': ['iam', 'secrets-manager'],
  'roll-back': ['dynamodb', 'iam', 'secrets-manager'],
  'verify-key': ['s3', 'secrets-manager', 'sts'],
};

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const HANDLERS_DIR = join(REPO_ROOT, 'lambdas', 'handlers');

async function sdkClientsImportedBy(handler: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(HANDLERS_DIR, `${handler}.ts`)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  const clients = new Set<string>();
  for (const output of Object.values(result.metafile.outputs))
    for (const imported of output.imports) {
      const client = /^@aws-sdk\/client-([^/]+)/.exec(imported.path)?.[1];
      if (client) clients.add(client);
    }
  return [...clients].sort();
}

describe('SDK clients per handler', () => {
  it('has a row for every handler module', () => {
    // Act
    const handlers = readdirSync(HANDLERS_DIR)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.replace(/\.ts$/, ''));

    // Assess
    expect(handlers.sort()).toEqual(Object.keys(HANDLER_CLIENTS).sort());
  });

  it.each(Object.entries(HANDLER_CLIENTS))('%s imports only %j', async (handler, expected) => {
    // Act
    const imported = await sdkClientsImportedBy(handler);

    // Assess
    expect(imported).toEqual(expected);
  });
});
