/**
 * Secrets Manager staging labels as the rotation reads them, and the guards
 * built on them. AWSCURRENT is what consumers read, so every destructive step
 * asks here first which key it must never touch (invariants 1 and 3).
 */
import type { RotationPorts, SecretDescription } from './ports.ts';
import { UnsafeKeyOperationError } from './rotation-errors.ts';
import type { PublishedKey, RotationState } from './rotation-state.ts';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

/** The id of the version that carries `stage`, if any version does. */
export function versionWithStage(secret: SecretDescription | undefined, stage: string): string | undefined {
  return secret?.versions.find((version) => version.stages.includes(stage))?.versionId;
}

export function versionHasStage(
  secret: SecretDescription | undefined,
  versionId: string,
  stage: string,
): boolean {
  return secret?.versions.some((v) => v.versionId === versionId && v.stages.includes(stage)) ?? false;
}

/** The key id consumers use right now; undefined when the secret has no AWSCURRENT yet. */
export async function currentKeyId(
  ports: Pick<RotationPorts, 'secrets'>,
  secretName: string,
): Promise<string | undefined> {
  const credential = await ports.secrets.readCredential(secretName, { stage: AWSCURRENT });
  return credential?.AccessKeyId;
}

/**
 * Retire and delete run only after Publish: before it, the old key may be the
 * only usable credential (an adopted key is not in AWSCURRENT yet, so the
 * AWSCURRENT guard alone would not catch that).
 */
export function requirePublished(state: RotationState, action: string): PublishedKey {
  if (!state.published)
    throw new UnsafeKeyOperationError(
      `refusing to ${action} for rotation ${state.plan.rotationId}: the new key is not published yet`,
    );
  return state.published;
}

/** Refuses to change the key consumers read, and refuses to go on when they would read nothing. */
export async function assertNotCurrent(
  ports: Pick<RotationPorts, 'secrets'>,
  state: RotationState,
  keyId: string,
  action: string,
): Promise<void> {
  const current = await currentKeyId(ports, state.plan.secretName);
  if (current === undefined)
    throw new UnsafeKeyOperationError(
      `refusing to ${action} key ${keyId}: secret ${state.plan.secretName} has no ${AWSCURRENT} version`,
    );
  if (current === keyId)
    throw new UnsafeKeyOperationError(
      `refusing to ${action} key ${keyId}: it is ${AWSCURRENT} in secret ${state.plan.secretName}`,
    );
}
