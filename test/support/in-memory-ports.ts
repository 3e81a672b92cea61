/**
 * In-memory implementations of every rotation port, wired together on one
 * call log and one settable clock. Rule tests and handler tests build a world
 * here, run a step, then assert on the fakes' state and on the calls made
 * (`log.mutations` empty means nothing was changed).
 *
 * The fakes themselves live in test/rotation/fakes/, one per port.
 */
import { DEFAULT_SETTINGS, type RotatorSettings } from '../../lambdas/config/environment.ts';
import type { RotationPorts } from '../../lambdas/rotation/ports.ts';
import { CallLog } from '../rotation/fakes/call-log.ts';
import { InMemoryArchive } from '../rotation/fakes/in-memory-archive.ts';
import { InMemoryKeys } from '../rotation/fakes/in-memory-keys.ts';
import { InMemoryLock } from '../rotation/fakes/in-memory-lock.ts';
import { InMemoryNotifier } from '../rotation/fakes/in-memory-notifier.ts';
import { InMemorySecrets } from '../rotation/fakes/in-memory-secrets.ts';
import { InMemoryVerifier } from '../rotation/fakes/in-memory-verifier.ts';
import { SettableClock, START } from '../rotation/fakes/settable-clock.ts';

export { CallLog, type PortCall, serviceError } from '../rotation/fakes/call-log.ts';
export { InMemoryArchive } from '../rotation/fakes/in-memory-archive.ts';
export { type FakeKey, InMemoryKeys } from '../rotation/fakes/in-memory-keys.ts';
export { InMemoryLock } from '../rotation/fakes/in-memory-lock.ts';
export { InMemoryNotifier } from '../rotation/fakes/in-memory-notifier.ts';
export { InMemorySecrets } from '../rotation/fakes/in-memory-secrets.ts';
export { InMemoryVerifier } from '../rotation/fakes/in-memory-verifier.ts';
export { SettableClock, START } from '../rotation/fakes/settable-clock.ts';

/** Settings as a default AWS deployment would read them. */
export const TEST_SETTINGS: RotatorSettings = {
  provider: 'aws',
  secretNamePrefix: DEFAULT_SETTINGS.secretNamePrefix,
  secretsKmsKeyId: undefined,
  lockTableName: 'access-key-rotator-locks',
  defaultGracePeriodSeconds: DEFAULT_SETTINGS.gracePeriodSeconds,
  defaultDeletionDelaySeconds: DEFAULT_SETTINGS.deletionDelaySeconds,
  oldKeyInUsePolicy: DEFAULT_SETTINGS.oldKeyInUsePolicy,
  maxDeferrals: DEFAULT_SETTINGS.maxDeferrals,
  userPath: DEFAULT_SETTINGS.userPath,
  optInTag: undefined,
  yandexAuthorizedKeySecret: DEFAULT_SETTINGS.yandexAuthorizedKeySecret,
  verifyNewKey: true,
  evidenceBucket: undefined,
};

export interface InMemoryWorld {
  readonly ports: RotationPorts;
  readonly log: CallLog;
  readonly clock: SettableClock;
  readonly iam: InMemoryKeys;
  readonly secrets: InMemorySecrets;
  readonly lock: InMemoryLock;
  readonly verifier: InMemoryVerifier;
  readonly notifier: InMemoryNotifier;
  readonly archive: InMemoryArchive;
}

export function createInMemoryPorts(
  options: { settings?: Partial<RotatorSettings>; now?: string } = {},
): InMemoryWorld {
  const log = new CallLog();
  const clock = new SettableClock(options.now ?? START);
  const settings = { ...TEST_SETTINGS, ...options.settings };
  const iam = new InMemoryKeys(log, clock, settings.provider);
  const secrets = new InMemorySecrets(log);
  const lock = new InMemoryLock(log, clock);
  const verifier = new InMemoryVerifier(log, iam);
  const notifier = new InMemoryNotifier(log);
  const archive = new InMemoryArchive(log);
  return {
    ports: { keys: iam, secrets, verifier, lock, clock, settings, notifier, archive },
    log,
    clock,
    iam,
    secrets,
    lock,
    verifier,
    notifier,
    archive,
  };
}
