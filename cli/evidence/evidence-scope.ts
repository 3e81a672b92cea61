/**
 * Which accounts the report covers: the deployment's own account scope
 * (lambdas/config/account-scope.ts), read from where the deployment keeps it.
 *
 * Deployed, the environment carries it, as it carries the report's other
 * settings: the stack's Lambda environment (AKR_ACCOUNTS, AKR_EXCLUDED_ACCOUNTS,
 * …) exported where `akr evidence` runs. Locally, the template synthesized
 * for the world (its `context.json` settings, through the synth cache every
 * local command shares) gives it, so the report covers the accounts the local
 * fleet rotates; a variable set in the environment still wins. A state dir
 * that no local run has synthesized for and that has no settings is the
 * hub's alone: nothing is synthesized for it.
 *
 * A bad value is refused before anything is read, VALIDATION_ERROR naming
 * the variable, as the Lambdas would refuse it at cold start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCOUNT_ENV,
  type AccountScope,
  readAccountScope,
  readHubAccountId,
} from '../../lambdas/config/account-scope.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { synthesizedTemplate, TEMPLATE_CACHE_FILE } from '../../local/workflow/template-cache.ts';
import type { CfnTemplate } from '../../local/workflow/template-intrinsics.ts';
import { readWorldSettings } from '../../local/workflow/world-settings.ts';

/** Every scope variable but the hub's id, which the endpoint or the caller's identity says. */
const SCOPE_VARIABLES = Object.values(ACCOUNT_ENV).filter((name) => name !== ACCOUNT_ENV.hubAccountId);

interface TemplateResource {
  readonly Type?: string;
  readonly Properties?: { readonly Environment?: { readonly Variables?: Record<string, unknown> } };
}

/** The scope variables the template's functions are given (plain strings; all functions share them). */
export function templateScopeVariables(template: CfnTemplate): Record<string, string> {
  const resources = (template.Resources ?? {}) as Record<string, TemplateResource>;
  const found: Record<string, string> = {};
  for (const resource of Object.values(resources)) {
    if (resource?.Type !== 'AWS::Lambda::Function') continue;
    const variables = resource.Properties?.Environment?.Variables ?? {};
    for (const name of SCOPE_VARIABLES) {
      const value = variables[name];
      if (typeof value === 'string' && !(name in found)) found[name] = value;
    }
  }
  return found;
}

export interface ScopeRequest {
  readonly local: boolean;
  readonly stateDir: string;
  /** Told when the app must be synthesized for the world's settings (seconds). */
  readonly progress?: (text: string) => void;
}

async function localTemplate(request: ScopeRequest): Promise<CfnTemplate | undefined> {
  const synthesized = existsSync(join(request.stateDir, TEMPLATE_CACHE_FILE));
  if (!synthesized && Object.keys(readWorldSettings(request.stateDir)).length === 0) return undefined;
  return synthesizedTemplate({
    stateDir: request.stateDir,
    onSynthesize: () => request.progress?.("Synthesizing the app with the world's settings…"),
  });
}

export async function scopeEnvironment(
  request: ScopeRequest,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NodeJS.ProcessEnv> {
  if (!request.local) return env;
  const template = await localTemplate(request);
  const set = Object.fromEntries(SCOPE_VARIABLES.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  return { ...env, ...(template && templateScopeVariables(template)), ...set };
}

/** @throws ValidationError naming the variable whose value the deployment would refuse. */
export function readEvidenceScope(env: NodeJS.ProcessEnv): AccountScope {
  try {
    readHubAccountId(env);
    return readAccountScope(env);
  } catch (error) {
    const message = (error as Error).message;
    const [, field = 'AKR_ACCOUNTS', reason = message] = /^(AKR_[A-Z_]+):? (.*)$/s.exec(message) ?? [];
    throw new ValidationError(field, reason);
  }
}
