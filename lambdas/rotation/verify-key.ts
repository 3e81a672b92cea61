/**
 * Step VerifyKey.
 *
 * Normal path: read the credential stored in version `secretVersionId` and have the
 * verifier sign a real request with it (STS GetCallerIdentity on AWS). Only
 * the time of success leaves this step: the credential stays in memory.
 *
 * Failure path: SecretMissingError when the version is gone or holds another
 * key than CreateKey reported; KeyNotYetValidError passes through untouched,
 * because the state machine retries it with backoff while IAM propagates the key.
 */
import type { RotationPorts } from './ports.ts';
import { SecretMissingError } from './rotation-errors.ts';
import type { RotationState, VerifiedKey } from './rotation-state.ts';

export type VerifyKeyPorts = Pick<RotationPorts, 'secrets' | 'verifier' | 'clock'>;

export async function verifyKey(state: RotationState, ports: VerifyKeyPorts): Promise<VerifiedKey> {
  const { plan, created } = state;
  const credential = await ports.secrets.readCredential(plan.secretName, { versionId: plan.secretVersionId });
  if (!credential)
    throw new SecretMissingError(
      `secret ${plan.secretName} has no version ${plan.secretVersionId} to verify`,
    );
  if (created && credential.AccessKeyId !== created.newKeyId)
    throw new SecretMissingError(
      `version ${plan.secretVersionId} of ${plan.secretName} holds key ${credential.AccessKeyId}, ` +
        `not the created key ${created.newKeyId}`,
    );
  await ports.verifier.verify(plan.principal, credential);
  return { verifiedAt: ports.clock.now().toISOString() };
}
