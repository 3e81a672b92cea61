/**
 * A fake of the signed check (STS GetCallerIdentity): it accepts a credential
 * only when the fake IAM has that key, Active, with that very secret, for that
 * principal. It can also play IAM's propagation delay for a number of calls.
 */
import type { KeyVerifier, StoredCredential } from '../../../lambdas/rotation/ports.ts';
import { KeyNotYetValidError } from '../../../lambdas/rotation/rotation-errors.ts';
import { type CallLog, serviceError } from './call-log.ts';
import type { InMemoryKeys } from './in-memory-keys.ts';

export class InMemoryVerifier implements KeyVerifier {
  private readonly log: CallLog;
  private readonly keys: InMemoryKeys;
  private pendingPropagation = 0;

  constructor(log: CallLog, keys: InMemoryKeys) {
    this.log = log;
    this.keys = keys;
  }

  /** The next `calls` verifications fail as a key that has not propagated yet. */
  propagateAfter(calls: number): void {
    this.pendingPropagation = calls;
  }

  verify(principal: string, credential: StoredCredential): Promise<void> {
    return this.log.run('verifier.verify', false, [principal, credential.AccessKeyId], () => {
      if (this.pendingPropagation > 0) {
        this.pendingPropagation -= 1;
        throw new KeyNotYetValidError(`key ${credential.AccessKeyId} is not valid yet`);
      }
      const key = this.keys.key(credential.AccessKeyId);
      const owned = this.keys.keyIds(principal).includes(credential.AccessKeyId);
      if (!key || !owned || key.status !== 'Active' || key.secretAccessKey !== credential.SecretAccessKey)
        throw serviceError('InvalidClientTokenId', `key ${credential.AccessKeyId} was refused`);
    });
  }
}
