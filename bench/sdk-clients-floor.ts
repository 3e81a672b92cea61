/**
 * The "SDK clients only" floor of a handler: a module that imports the
 * `@aws-sdk/client-*` packages the handler's artifact imports and constructs
 * one client of each, and nothing of ours. A handler's cold init can hardly
 * beat it, so the ratio to it is what our own code adds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The client class each package exports; the benchmark refuses a package it does not know. */
const CLIENT_CLASSES: Readonly<Record<string, string>> = {
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/client-eventbridge': 'EventBridgeClient',
  '@aws-sdk/client-iam': 'IAMClient',
  '@aws-sdk/client-lambda': 'LambdaClient',
  '@aws-sdk/client-s3': 'S3Client',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
  '@aws-sdk/client-sfn': 'SFNClient',
  '@aws-sdk/client-sns': 'SNSClient',
  '@aws-sdk/client-sts': 'STSClient',
};

/** A stable name for a set of packages, so handlers with the same clients share one floor. */
export function floorKey(sdkPackages: readonly string[]): string {
  const names = [...sdkPackages].sort().map((name) => name.replace('@aws-sdk/client-', ''));
  return names.length === 0 ? 'no-sdk' : names.join('+');
}

/** The floor's source: imports and constructors only, exported so no minifier drops them. */
export function floorSource(sdkPackages: readonly string[]): string {
  const lines = [...sdkPackages].sort().map((name, index) => {
    const className = CLIENT_CLASSES[name];
    if (!className) throw new Error(`no client class known for ${name}: add it to CLIENT_CLASSES`);
    return { importLine: `import { ${className} as C${index} } from '${name}';`, ctor: `new C${index}({})` };
  });
  return [
    ...lines.map((line) => line.importLine),
    `export const clients = [${lines.map((line) => line.ctor).join(', ')}];`,
    '',
  ].join('\n');
}

/** Writes the floor entry under `dir` and returns its path. */
export function writeFloorEntry(dir: string, sdkPackages: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, floorSource(sdkPackages));
  return entry;
}

/** The empty-start floor: a module with nothing in it, loaded by the same harness. */
export function writeEmptyEntry(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'index.mjs');
  writeFileSync(entry, 'export {};\n');
  return entry;
}
