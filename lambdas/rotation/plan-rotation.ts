/**
 * Step Plan.
 *
 * Normal path: validate the input (before any port call) → make sure no other
 * live rotation holds the principal's lock → check the principal is in scope →
 * list its keys and read its secret → choose the old key → take the lock
 * (skipped on a dry run, which changes nothing) → return the plan.
 *
 * Failure path: ValidationError, RotationInFlightError (lock held, or a foreign
 * AWSPENDING version), PrincipalNotFoundError, PrincipalNotInScopeError or
 * TwoActiveKeysError. Every refusal happens before the lock is taken, so a
 * refused plan leaves nothing behind.
 */
import { lockId, type RotatorSettings, secretName } from '../config/environment.ts';
import { describeTag, hasTag } from '../fleet/principal-scope.ts';
import { chooseKeys } from './choose-keys.ts';
import type { PrincipalInfo, RotationPorts } from './ports.ts';
import { PrincipalNotInScopeError, RotationInFlightError } from './rotation-errors.ts';
import type { PlanRequest, RotationPlan } from './rotation-state.ts';
import { AWSCURRENT, AWSPENDING, versionWithStage } from './secret-stages.ts';
import { secretVersionIdFor } from './secret-version-id.ts';
import { parseRotationInput } from './validate-rotation-input.ts';

export type PlanPorts = Pick<RotationPorts, 'keys' | 'secrets' | 'lock' | 'clock' | 'settings'>;

const ONE_DAY_SECONDS = 24 * 3600;

/**
 * Providers without user paths (Yandex) are in scope only when no path
 * restriction is configured. On AWS a user must also carry the opt-in tag,
 * unless the deployment turned it off: the IAM policy requires it too.
 */
function assertInScope(info: PrincipalInfo, settings: RotatorSettings): void {
  const path = info.path ?? (settings.userPath === '/' ? '/' : undefined);
  if (path === undefined || !path.startsWith(settings.userPath))
    throw new PrincipalNotInScopeError(
      `principal ${info.principal} has path ${info.path ?? '(none)'}, outside the configured path ${settings.userPath}`,
    );
  const tag = settings.optInTag;
  if (!tag || hasTag(info.tags, tag)) return;
  const value = tag.value ?? 'true';
  throw new PrincipalNotInScopeError(
    `principal ${info.principal} lacks the opt-in tag ${describeTag(tag)}: only users that carry it can be rotated. ` +
      `To opt it in: aws iam tag-user --user-name ${info.principal} --tags Key=${tag.key},Value=${value}`,
  );
}

async function refuseIfLockedByAnother(ports: PlanPorts, id: string, request: PlanRequest): Promise<void> {
  const holder = await ports.lock.holder(id);
  if (!holder || holder.rotationId === request.rotationId) return;
  if (Date.parse(holder.expiresAt) <= ports.clock.now().getTime()) return;
  throw new RotationInFlightError(
    `rotation ${holder.rotationId} (${holder.executionArn}) is in flight for ${id} ` +
      `since ${holder.acquiredAt}; its lock expires at ${holder.expiresAt}`,
  );
}

export async function planRotation(request: PlanRequest, ports: PlanPorts): Promise<RotationPlan> {
  const { settings } = ports;
  const input = parseRotationInput(request.input, settings);
  const { principal } = input;
  const lock = lockId(settings.provider, principal);
  const name = secretName(settings.secretNamePrefix, settings.provider, principal);

  await refuseIfLockedByAnother(ports, lock, request);
  assertInScope(await ports.keys.describePrincipal(principal), settings);
  const keys = await ports.keys.listKeys(principal);
  const secret = await ports.secrets.describe(name);

  // A pending version from another rotation means one is still running (or
  // crashed without rolling back): its key would be counted as ours otherwise.
  const versionId = secretVersionIdFor(request.executionArn, request.startedAt);
  const pending = versionWithStage(secret, AWSPENDING);
  if (pending !== undefined && pending !== versionId)
    throw new RotationInFlightError(
      `secret ${name} holds ${AWSPENDING} version ${pending} of another rotation; ` +
        `if no rotation of ${principal} is running, remove that label, then retry`,
    );
  const current =
    versionWithStage(secret, AWSCURRENT) === undefined
      ? undefined
      : await ports.secrets.readCredential(name, { stage: AWSCURRENT });
  const choice = chooseKeys(principal, keys, current?.AccessKeyId);

  if (!input.dryRun) {
    const now = ports.clock.now();
    // Long enough for the slowest rotation (every deferral used), plus a day of slack.
    const holdSeconds =
      input.gracePeriodSeconds * (settings.maxDeferrals + 1) + input.deletionDelaySeconds + ONE_DAY_SECONDS;
    const acquired = await ports.lock.acquire(lock, {
      rotationId: request.rotationId,
      executionArn: request.executionArn,
      acquiredAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + holdSeconds * 1000).toISOString(),
    });
    if (!acquired)
      throw new RotationInFlightError(`another rotation took the lock for ${lock} first; retry later`);
  }

  return {
    rotationId: request.rotationId,
    executionArn: request.executionArn,
    secretVersionId: versionId,
    provider: settings.provider,
    principal,
    secretName: name,
    startedAt: request.startedAt,
    gracePeriodSeconds: input.gracePeriodSeconds,
    graceWaitSeconds: choice.oldKeyId === null ? 0 : input.gracePeriodSeconds,
    deletionDelaySeconds: input.deletionDelaySeconds,
    dryRun: input.dryRun,
    oldKeyId: choice.oldKeyId,
    hasOldKey: choice.oldKeyId !== null,
    existingKeyIds: keys.map((key) => key.keyId),
    inactiveKeyToDeleteId: choice.inactiveKeyToDeleteId,
    adoption: choice.adoption,
    oldKeyInUsePolicy: settings.oldKeyInUsePolicy,
    maxDeferrals: settings.maxDeferrals,
  };
}
