/**
 * A fake lock table. Acquire is atomic the way a DynamoDB conditional put is:
 * the check and the write happen in one synchronous step, so two rotations
 * racing in the same event loop cannot both win.
 */
import type { LockHolder, RotationLock } from '../../../lambdas/rotation/ports.ts';
import type { CallLog } from './call-log.ts';
import type { SettableClock } from './settable-clock.ts';

export class InMemoryLock implements RotationLock {
  readonly holders = new Map<string, LockHolder>();
  private readonly log: CallLog;
  private readonly clock: SettableClock;

  constructor(log: CallLog, clock: SettableClock) {
    this.log = log;
    this.clock = clock;
  }

  /** Seeds a holder, as if another execution had taken the lock, without logging a call. */
  seed(lockId: string, holder: LockHolder): void {
    this.holders.set(lockId, holder);
  }

  holder(lockId: string): Promise<LockHolder | undefined> {
    return this.log.run('lock.holder', false, [lockId], () => this.holders.get(lockId));
  }

  acquire(lockId: string, holder: LockHolder): Promise<boolean> {
    return this.log.run('lock.acquire', true, [lockId, holder], () => {
      const current = this.holders.get(lockId);
      const free =
        current === undefined ||
        current.rotationId === holder.rotationId ||
        Date.parse(current.expiresAt) <= this.clock.now().getTime();
      if (free) this.holders.set(lockId, holder);
      return free;
    });
  }

  release(lockId: string, rotationId: string): Promise<void> {
    return this.log.run('lock.release', true, [lockId, rotationId], () => {
      if (this.holders.get(lockId)?.rotationId === rotationId) this.holders.delete(lockId);
    });
  }
}
