/**
 * What the synthesized template depends on, hashed into the key of the local
 * synth cache: every file under lib/ and lambdas/ (the constructs, and the
 * settings and handlers they import), cdk.json (its context), the module that
 * runs the synth, the installed CDK libraries, and the context given through
 * `CDK_CONTEXT_JSON`, and the world's own settings (world-settings.ts). The template is account- and region-neutral (the stack
 * has no `env`), so neither is part of the key: ARNs are resolved after the
 * cache, for the account the run uses.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorldSettings } from './world-settings.ts';

/** Changes when what the cache holds, or how it is produced, changes. */
const CACHE_FORMAT = 'akr-synth-cache/1';
const SOURCE_FOLDERS = ['lib', 'lambdas'] as const;
const CONFIG_FILES = [
  'cdk.json',
  'local/workflow/synthesize-template.ts',
  'local/workflow/world-settings.ts',
] as const;
const CDK_PACKAGES = ['aws-cdk-lib', 'constructs', 'cdk-nag'] as const;
/** The CDK CLI passes `-c` values to an app through this variable, and App reads it wherever it runs. */
const CONTEXT_VARIABLE = 'CDK_CONTEXT_JSON';

/** Repo-relative paths of every file under `folder`, sorted. */
function filesUnder(repoRoot: string, folder: string): string[] {
  const entries = readdirSync(join(repoRoot, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(repoRoot.length + 1))
    .sort();
}

function hashFile(hash: Hash, repoRoot: string, path: string): void {
  let content: Buffer | string;
  try {
    content = readFileSync(join(repoRoot, path));
  } catch {
    content = '<missing>';
  }
  hash.update(`${path}\0${content.length}\0`).update(content).update('\0');
}

/** The version of `pkg` installed under the repo, or `missing` when it is not installed. */
export function installedVersion(repoRoot: string, pkg: string, missing = '<not installed>'): string {
  try {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8'));
    return String(manifest.version);
  } catch {
    return missing;
  }
}

/** A hex SHA-256 that changes whenever any input of the synth does. */
export function synthesisCacheKey(
  repoRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  worldSettings: WorldSettings = {},
): string {
  const hash = createHash('sha256').update(`${CACHE_FORMAT}\0`);
  for (const folder of SOURCE_FOLDERS) {
    for (const path of filesUnder(repoRoot, folder)) hashFile(hash, repoRoot, path);
  }
  for (const path of CONFIG_FILES) hashFile(hash, repoRoot, path);
  for (const pkg of CDK_PACKAGES) hash.update(`${pkg}@${installedVersion(repoRoot, pkg)}\0`);
  hash.update(`${CONTEXT_VARIABLE}=${env[CONTEXT_VARIABLE] ?? ''}\0`);
  const settings = Object.keys(worldSettings)
    .sort()
    .map((key) => [key, worldSettings[key]]);
  hash.update(`world=${JSON.stringify(settings)}\0`);
  return hash.digest('hex');
}
