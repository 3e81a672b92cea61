/**
 * The settings of one local world: `<stateDir>/context.json`, `akr:*` CDK
 * context exactly as `npx cdk deploy -c key=value` would give it. Every local
 * command on that state dir synthesizes with them, so a world made with
 * settings (the demo's organization, say) is operated with the same
 * settings, without repeating them on each command line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../private-files.ts';

export const WORLD_SETTINGS_FILE = 'context.json';

export type WorldSettings = Readonly<Record<string, string | number | boolean | readonly string[]>>;

function isSettingValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string');
  return ['string', 'number', 'boolean'].includes(typeof value);
}

/** @returns `{}` when the world has no settings file. */
export function readWorldSettings(stateDir: string): WorldSettings {
  const path = join(stateDir, WORLD_SETTINGS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} must be a JSON object of akr:* settings; it is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${path} must be a JSON object of akr:* settings`);
  for (const [key, value] of Object.entries(parsed)) {
    if (!key.startsWith('akr:')) throw new Error(`${path}: "${key}" is not an akr:* setting`);
    if (!isSettingValue(value))
      throw new Error(`${path}: ${key} must be a string, number, boolean or list of strings`);
  }
  return parsed as WorldSettings;
}

export function writeWorldSettings(stateDir: string, settings: WorldSettings): void {
  writeFileAtomically(join(stateDir, WORLD_SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`);
}
