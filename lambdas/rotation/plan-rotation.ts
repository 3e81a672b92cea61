/**
 * Step Plan.
 *
 * Normal path: validate the input (before any port call) → in the key-id form,
 * find the key's owner (key-owner.ts) → make sure no other live rotation holds
 * the principal's lock → check the principal is in scope and read its readers
 * tag → list its keys and read its secret → choose the old key (a named key
 * must be it) → take the lock (skipped on a dry run, which changes nothing) →
 * return the plan. An emergency plan waits no grace (graceWaitSeconds 0) and
 * says how the old key is revoked: DEACTIVATE on AWS, DELETE on Yandex, whose
 * keys have no status.
 *
 * Failure path: ValidationError (the input; an unknown key id or one that is
 * not the principal's; a named key that is not the one to replace, such as an
 * Inactive one; a malformed readers tag), RotationInFlightError (lock held,
 * saying so when the named key is the new key of that rotation; or a foreign
 * AWSPENDING version), PrincipalNotFoundError, PrincipalNotInScopeError or
 * TwoActiveKeysError. Every refusal happens before the lock is taken, so a
 * refused plan leaves nothing behind.
 */
import { lockId, type RotatorSettings, secretName } from '../config/environment.ts';
import { describeTag, hasTag } from '../fleet/principal-scope.ts';
import { chooseKeys, type KeyChoice } from './choose-keys.ts';
import { findRotationTarget } from './key-owner.ts';
import type { AccessKeySummary, LockHolder, PrincipalInfo, RotationPorts } from './ports.ts';
import { PrincipalNotInScopeError, RotationInFlightError, ValidationError } from './rotation-errors.ts';
import type { EmergencyRevocation, PlanRequest, RotationPlan } from './rotation-state.ts';
import { parseReadersTag, READERS_TAG } from './secret-readers.ts';
import { AWSCURRENT, AWSPENDING, currentKeyId, versionWithStage } from './secret-stages.ts';
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

/**
 * Whether the named key is the one the holder's rotation published: it is in
 * AWSCURRENT and was created after that rotation took the lock. (Before its
 * Publish, AWSCURRENT still holds the old key, created earlier.)
 */
async function isNewKeyOf(ports: PlanPorts, holder: LockHolder, target: LockTarget): Promise<boolean> {
  if (target.exposedKeyId === null) return false;
  if ((await currentKeyId(ports, target.secretName)) !== target.exposedKeyId) return false;
  const key = (await ports.keys.listKeys(target.principal)).find((k) => k.keyId === target.exposedKeyId);
  return key !== undefined && Date.parse(key.createdAt) >= Date.parse(holder.acquiredAt);
}

interface LockTarget {
  readonly principal: string;
  readonly exposedKeyId: string | null;
  readonly secretName: string;
}

async function refuseIfLockedByAnother(
  ports: PlanPorts,
  id: string,
  request: PlanRequest,
  target: LockTarget,
): Promise<void> {
  const holder = await ports.lock.holder(id);
  if (!holder || holder.rotationId === request.rotationId) return;
  if (Date.parse(holder.expiresAt) <= ports.clock.now().getTime()) return;
  // A leak report may name the key a running rotation has just published: rotating again now
  // would race that rotation, whose old key is already being replaced.
  if (await isNewKeyOf(ports, holder, target))
    throw new RotationInFlightError(
      `key ${target.exposedKeyId} of ${target.principal} is the new key of rotation ${holder.rotationId} ` +
        `(${holder.executionArn}), already in AWSCURRENT; nothing was changed. Let that rotation finish ` +
        '(or abort it), then rotate this key again',
    );
  throw new RotationInFlightError(
    `rotation ${holder.rotationId} (${holder.executionArn}) is in flight for ${id} ` +
      `since ${holder.acquiredAt}; its lock expires at ${holder.expiresAt}`,
  );
}

/** A named key must be the one this rotation replaces; anything else is a mistake to explain, not to rotate. */
function assertNamedKeyIsOld(
  exposedKeyId: string | null,
  principal: string,
  keys: readonly AccessKeySummary[],
  choice: KeyChoice,
): void {
  if (exposedKeyId === null || exposedKeyId === choice.oldKeyId) return;
  const named = keys.find((key) => key.keyId === exposedKeyId);
  if (named === undefined)
    throw new ValidationError(
      'accessKeyId',
      `key ${exposedKeyId} is not among the keys of ${principal} (${keys.map((key) => key.keyId).join(', ') || 'none'}); ` +
        'nothing was changed',
    );
  const inUse = choice.oldKeyId === null ? 'it has no key in use' : `the key in use is ${choice.oldKeyId}`;
  throw new ValidationError(
    'accessKeyId',
    `key ${exposedKeyId} of ${principal} is ${named.status}, not the key this rotation would replace (${inUse}); ` +
      `nothing was changed. An ${named.status} key signs nothing: delete it (aws iam delete-access-key ` +
      `--user-name <user> --access-key-id ${exposedKeyId}), or rotate by principal`,
  );
}

function emergencyRevocationOf(
  emergency: boolean,
  oldKeyId: string | null,
  ports: PlanPorts,
): EmergencyRevocation {
  if (!emergency || oldKeyId === null) return 'NONE';
  return ports.settings.provider === 'aws' ? 'DEACTIVATE' : 'DELETE';
}

export async function planRotation(request: PlanRequest, ports: PlanPorts): Promise<RotationPlan> {
  const { settings } = ports;
  const input = parseRotationInput(request.input, settings);
  const { principal, exposedKeyId } = await findRotationTarget(input, ports.keys, settings);
  const lock = lockId(settings.provider, principal);
  const name = secretName(settings.secretNamePrefix, settings.provider, principal);

  await refuseIfLockedByAnother(ports, lock, request, { principal, exposedKeyId, secretName: name });
  const info = await ports.keys.describePrincipal(principal);
  assertInScope(info, settings);
  const readerArns = settings.provider === 'aws' ? parseReadersTag(info.tags[READERS_TAG]) : [];
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
  assertNamedKeyIsOld(exposedKeyId, principal, keys, choice);

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
    graceWaitSeconds: choice.oldKeyId === null || input.emergency ? 0 : input.gracePeriodSeconds,
    deletionDelaySeconds: input.deletionDelaySeconds,
    dryRun: input.dryRun,
    oldKeyId: choice.oldKeyId,
    hasOldKey: choice.oldKeyId !== null,
    existingKeyIds: keys.map((key) => key.keyId),
    inactiveKeyToDeleteId: choice.inactiveKeyToDeleteId,
    adoption: choice.adoption,
    oldKeyInUsePolicy: settings.oldKeyInUsePolicy,
    maxDeferrals: settings.maxDeferrals,
    emergency: input.emergency,
    emergencyRevocation: emergencyRevocationOf(input.emergency, choice.oldKeyId, ports),
    exposureReportedAt: input.exposureReportedAt ?? (input.emergency ? request.startedAt : null),
    exposedKeyId,
    principalPath: settings.provider === 'aws' ? (info.path ?? null) : null,
    readerArns,
  };
}
