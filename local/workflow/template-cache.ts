/**
 * The synthesized template, read from `<stateDir>/cache/` when nothing it
 * depends on has changed (synthesis-inputs.ts), so a local command starts in
 * well under a second instead of loading and running the CDK app each time.
 *
 * The file is written whole and then renamed into place (private-files.ts),
 * so another process on the same state dir reads the old file or the new one.
 * A file that is torn, garbage or from other sources counts as a miss: the
 * app is synthesized again and the file replaced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivateDirectory, writeFileAtomically } from '../private-files.ts';
import { REPO_ROOT } from './handler-bindings.ts';
import { synthesisCacheKey } from './synthesis-inputs.ts';
import type { CfnTemplate } from './template-intrinsics.ts';
import { readWorldSettings, settingsError, type WorldSettings } from './world-settings.ts';

export const TEMPLATE_CACHE_FILE = join('cache', 'synthesized-template.json');

interface CacheFile {
  readonly key: string;
  readonly template: CfnTemplate;
}

export interface SynthesizedTemplateOptions {
  /** The state directory whose `cache/` holds the template. */
  readonly stateDir: string;
  /**
   * Called just before the app is synthesized, when the cache misses (the CLI says "synthesizing…").
   * @default - nothing is said
   */
  readonly onSynthesize?: () => void;
  /** @default - the repository this module is part of */
  readonly repoRoot?: string;
  /**
   * Produces the template on a miss.
   * @default - the CDK app, synthesized without bundling (synthesize-template.ts)
   */
  readonly synthesize?: (repoRoot: string, worldSettings: WorldSettings) => CfnTemplate;
}

async function synthesizeCdkApp(repoRoot: string, worldSettings: WorldSettings): Promise<CfnTemplate> {
  const { synthesizeTemplate } = await import('./synthesize-template.ts');
  return synthesizeTemplate(repoRoot, worldSettings);
}

function readCachedTemplate(path: string, key: string): CfnTemplate | undefined {
  try {
    const cached = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile> | null;
    const resources = cached?.template?.Resources;
    if (cached?.key !== key || typeof resources !== 'object' || resources === null) return undefined;
    return cached.template;
  } catch {
    return undefined; // no file yet, or one that is not a whole cache file
  }
}

export async function synthesizedTemplate(options: SynthesizedTemplateOptions): Promise<CfnTemplate> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const path = join(options.stateDir, TEMPLATE_CACHE_FILE);
  const worldSettings = readWorldSettings(options.stateDir);
  const key = synthesisCacheKey(repoRoot, process.env, worldSettings);
  const cached = readCachedTemplate(path, key);
  if (cached) return cached;

  options.onSynthesize?.();
  let template: CfnTemplate;
  try {
    template = options.synthesize
      ? options.synthesize(repoRoot, worldSettings)
      : await synthesizeCdkApp(repoRoot, worldSettings);
  } catch (error) {
    throw settingsError(error); // a setting the synth refuses is bad input, named
  }
  // A source edited during the synth may or may not be in this template: then it is not cached.
  if (synthesisCacheKey(repoRoot, process.env, worldSettings) === key) {
    makePrivateDirectory(join(options.stateDir, 'cache'));
    writeFileAtomically(path, JSON.stringify({ key, template } satisfies CacheFile));
  }
  return template;
}
