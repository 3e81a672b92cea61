/**
 * The settings of one local world: `<stateDir>/context.json`, `akr:*` CDK
 * context exactly as `npx cdk deploy -c key=value` would give it. Every local
 * command on that state dir synthesizes with them, so a world made with
 * settings (the demo's organization, say) is operated with the same
 * settings, without repeating them on each command line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCOUNTS_FROM_ORGANIZATION,
  checkAccountIds,
  checkExternalId,
  checkIncludeExclude,
  checkOrganizationalUnits,
  checkRoleArn,
  checkRoleName,
} from '../../lambdas/config/account-scope.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { writeFileAtomically } from '../private-files.ts';

export const WORLD_SETTINGS_FILE = 'context.json';

export type WorldSettings = Readonly<Record<string, string | number | boolean | readonly string[]>>;

function isSettingValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string');
  return ['string', 'number', 'boolean'].includes(typeof value);
}

function listOf(value: WorldSettings[string] | undefined): string[] {
  const items = Array.isArray(value) ? value : String(value ?? '').split(',');
  return items.map((item) => item.trim()).filter(Boolean);
}

/**
 * The account settings, checked by the same rules the synth applies, but
 * without loading the CDK: a command refuses them before it opens (and so
 * changes) anything in the world. The synth checks every other key.
 */
function checkAccountSettings(settings: WorldSettings): void {
  const text = (key: string) => (settings[key] === undefined ? undefined : String(settings[key]));
  try {
    const accounts = text('akr:accounts')?.trim();
    const excluded = checkAccountIds(listOf(settings['akr:excludeAccounts']), 'akr:excludeAccounts');
    checkOrganizationalUnits(listOf(settings['akr:organizationalUnits']), 'akr:organizationalUnits');
    if (accounts !== undefined && accounts !== ACCOUNTS_FROM_ORGANIZATION)
      checkIncludeExclude(
        checkAccountIds(listOf(settings['akr:accounts']), 'akr:accounts'),
        excluded,
        'akr:excludeAccounts',
      );
    const roleName = text('akr:memberRoleName');
    if (roleName !== undefined) checkRoleName(roleName, 'akr:memberRoleName');
    const externalId = text('akr:memberExternalId');
    if (externalId !== undefined) checkExternalId(externalId, 'akr:memberExternalId');
    const roleArn = text('akr:organizationRoleArn');
    if (roleArn !== undefined) checkRoleArn(roleArn, 'akr:organizationRoleArn');
  } catch (error) {
    throw settingsError(error);
  }
}

/**
 * A setting the checks refused (their message starts with its key) as the
 * VALIDATION_ERROR naming it; any other error as it was.
 */
export function settingsError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof ValidationError) return error;
  const named = /^(akr:[\w]+)(?::)? (.*)$/s.exec(error.message);
  return named ? new ValidationError(named[1] ?? 'akr:', named[2] ?? error.message) : error;
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
  checkAccountSettings(parsed as WorldSettings);
  return parsed as WorldSettings;
}

export function writeWorldSettings(stateDir: string, settings: WorldSettings): void {
  writeFileAtomically(join(stateDir, WORLD_SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`);
}
