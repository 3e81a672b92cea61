/**
 * Staging-label rules of Secrets Manager, as pure functions over one secret.
 * A label sits on at most one version; whenever AWSCURRENT moves, AWSPREVIOUS
 * follows to the version it left. These rules are what make "the consumer
 * always has a working credential" testable locally.
 */
import { CloudApiError } from '../cloud-api-error.ts';
import type { StoredSecret, StoredSecretVersion } from '../state/cloud-state.ts';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';

export function stageHolder(secret: StoredSecret, stage: string): StoredSecretVersion | undefined {
  return secret.versions.find((version) => version.stages.includes(stage));
}

export function findVersion(secret: StoredSecret, versionId: string): StoredSecretVersion | undefined {
  return secret.versions.find((version) => version.versionId === versionId);
}

function detach(version: StoredSecretVersion, stage: string): void {
  version.stages = version.stages.filter((label) => label !== stage);
}

/** Puts `stage` on `target`, taking it from wherever it was. */
export function attachStage(secret: StoredSecret, stage: string, target: StoredSecretVersion): void {
  const previous = stageHolder(secret, stage);
  if (previous === target) return;
  if (previous) detach(previous, stage);
  target.stages.push(stage);
  if (stage === AWSCURRENT && previous) attachStage(secret, AWSPREVIOUS, previous);
}

/**
 * UpdateSecretVersionStage. Moving a label that another version holds requires
 * naming that version in `removeFromVersionId`: a stale caller cannot silently
 * steal AWSCURRENT (this is the compare-and-swap the rotation relies on).
 */
export function updateStage(
  secret: StoredSecret,
  stage: string,
  move: { readonly moveToVersionId?: string; readonly removeFromVersionId?: string },
): void {
  const { moveToVersionId, removeFromVersionId } = move;
  const holder = stageHolder(secret, stage);
  const target = moveToVersionId === undefined ? undefined : findVersion(secret, moveToVersionId);
  if (moveToVersionId !== undefined && !target)
    throw new CloudApiError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret version: ${moveToVersionId}`,
    );
  if (removeFromVersionId !== undefined && !findVersion(secret, removeFromVersionId))
    throw new CloudApiError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret version: ${removeFromVersionId}`,
    );

  if (!target) {
    if (removeFromVersionId === undefined)
      throw new CloudApiError(
        'InvalidParameterException',
        'You must specify MoveToVersionId or RemoveFromVersionId.',
      );
    if (holder?.versionId !== removeFromVersionId)
      throw new CloudApiError(
        'InvalidParameterException',
        `The staging label ${stage} is not attached to version ${removeFromVersionId}.`,
      );
    if (stage === AWSCURRENT)
      throw new CloudApiError(
        'InvalidParameterException',
        `You can't remove the staging label ${AWSCURRENT}; move it to another version instead.`,
      );
    detach(holder, stage);
    return;
  }
  if (holder && holder !== target && holder.versionId !== removeFromVersionId)
    throw new CloudApiError(
      'InvalidParameterException',
      `The staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  attachStage(secret, stage, target);
}

/**
 * Adds a version with the given labels. AWS labels the very first version of a
 * secret AWSCURRENT whatever was asked for, so a consumer never finds a secret
 * with versions but no current one.
 */
export function addVersion(
  secret: StoredSecret,
  versionId: string,
  data: { readonly secretString?: string; readonly secretBinary?: string },
  stages: readonly string[],
): StoredSecretVersion {
  const isFirst = secret.versions.length === 0;
  const version: StoredSecretVersion = {
    versionId,
    secretString: data.secretString,
    secretBinary: data.secretBinary,
    stages: [],
    createdDate: new Date().toISOString(),
  };
  secret.versions.push(version);
  for (const stage of new Set([...stages, ...(isFirst ? [AWSCURRENT] : [])]))
    attachStage(secret, stage, version);
  return version;
}
