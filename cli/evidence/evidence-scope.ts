/**
 * Which accounts the report covers: the deployment's own account scope
 * (lambdas/config/account-scope.ts), read from where the deployment keeps it.
 *
 * Deployed, the environment carries it, as it carries the report's other
 * settings: the stack's Lambda environment (AKR_ACCOUNTS, AKR_EXCLUDED_ACCOUNTS,
 * …) exported where `akr evidence` runs. Locally, the synthesized template
 * the local runs used (the state dir's synth cache) gives it, so the report
 * covers the accounts the local fleet rotated; a variable set in the
 * environment still wins. The cache is only read: the report never writes the
 * state it reports on, and with no cache there is no local setting to read.
 *
 * A bad value is refused before anything is read, VALIDATION_ERROR naming
 * the variable, as the Lambdas would refuse it at cold start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_ENV, type AccountScope, readAccountScope } from '../../lambdas/config/account-scope.ts';
import { ValidationError } from '../../lambdas/rotation/rotation-errors.ts';
import { TEMPLATE_CACHE_FILE } from '../../local/workflow/template-cache.ts';

/** Every scope variable but the hub's id, which the endpoint or the caller's identity says. */
const SCOPE_VARIABLES = Object.values(ACCOUNT_ENV).filter((name) => name !== ACCOUNT_ENV.hubAccountId);

interface TemplateResource {
  readonly Type?: string;
  readonly Properties?: { readonly Environment?: { readonly Variables?: Record<string, unknown> } };
}

/** The scope variables the template's functions are given (plain strings; all functions share them). */
export function templateScopeVariables(stateDir: string): Record<string, string> {
  let resources: Record<string, TemplateResource>;
  try {
    const cache = JSON.parse(readFileSync(join(stateDir, TEMPLATE_CACHE_FILE), 'utf8'));
    resources = cache?.template?.Resources ?? {};
  } catch {
    return {}; // no local run has synthesized the app yet, or the cache is torn: no setting to read
  }
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

export function scopeEnvironment(
  request: { readonly local: boolean; readonly stateDir: string },
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  if (!request.local) return env;
  const set = Object.fromEntries(SCOPE_VARIABLES.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  return { ...env, ...templateScopeVariables(request.stateDir), ...set };
}

/** @throws ValidationError naming the variable whose value the deployment would refuse. */
export function readEvidenceScope(env: NodeJS.ProcessEnv): AccountScope {
  try {
    return readAccountScope(env);
  } catch (error) {
    const message = (error as Error).message;
    const [, field = 'AKR_ACCOUNTS', reason = message] = /^(AKR_[A-Z_]+):? (.*)$/s.exec(message) ?? [];
    throw new ValidationError(field, reason);
  }
}
