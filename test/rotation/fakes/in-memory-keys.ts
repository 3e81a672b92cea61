/**
 * A fake IAM for access keys: users with a path and tags, at most two keys per
 * user (a third CreateAccessKey fails with LimitExceeded, as IAM does), keys
 * that can be re-activated by hand, and a last-used date the test sets.
 *
 * As provider `yandex` it plays Yandex's statusless keys the way the adapter
 * reports them: retiring rewrites the description (and returns the old one),
 * re-activating writes back the description it is given.
 */
import type {
  AccessKeyProvider,
  AccessKeyStatus,
  AccessKeySummary,
  NewAccessKey,
  PrincipalInfo,
  ReactivationContext,
  RetireContext,
  RetireResult,
} from '../../../lambdas/rotation/ports.ts';
import { PrincipalNotFoundError } from '../../../lambdas/rotation/rotation-errors.ts';
import type { Provider } from '../../../lambdas/rotation/rotation-state.ts';
import { type CallLog, serviceError } from './call-log.ts';
import type { SettableClock } from './settable-clock.ts';

export const KEYS_PER_USER = 2;

export interface FakeKey {
  readonly keyId: string;
  readonly secretAccessKey: string;
  readonly createdAt: string;
  status: AccessKeyStatus;
  lastUsedAt?: string;
  retired?: RetireContext;
  /** Yandex only: what the key says about itself. */
  description?: string;
}

/** What the fake writes on a Yandex key it retires. */
export const RETIRED_DESCRIPTION_PREFIX = 'access-key-rotator: retired ';

interface FakeUser {
  readonly info: PrincipalInfo;
  keys: FakeKey[];
}

export class InMemoryKeys implements AccessKeyProvider {
  readonly provider: Provider;
  private readonly users = new Map<string, FakeUser>();
  private readonly log: CallLog;
  private readonly clock: SettableClock;
  private sequence = 0;

  constructor(log: CallLog, clock: SettableClock, provider: Provider = 'aws') {
    this.log = log;
    this.clock = clock;
    this.provider = provider;
  }

  addUser(principal: string, info: { path?: string; tags?: Record<string, string> } = {}): void {
    this.users.set(principal, {
      info: { principal, path: info.path ?? '/', tags: info.tags ?? {} },
      keys: [],
    });
  }

  /** Seeds a key that existed before the test, without logging a call. */
  addKey(principal: string, status: AccessKeyStatus = 'Active'): FakeKey {
    return this.mint(principal, status);
  }

  /** The key as IAM holds it now, or undefined once deleted. */
  key(keyId: string): FakeKey | undefined {
    return [...this.users.values()].flatMap((user) => user.keys).find((key) => key.keyId === keyId);
  }

  keyIds(principal: string): string[] {
    return this.user(principal).keys.map((key) => key.keyId);
  }

  describePrincipal(principal: string): Promise<PrincipalInfo> {
    return this.log.run('keys.describePrincipal', false, [principal], () => this.user(principal).info);
  }

  listKeys(principal: string): Promise<AccessKeySummary[]> {
    return this.log.run('keys.listKeys', false, [principal], () =>
      this.user(principal).keys.map(({ keyId, status, createdAt }) => ({ keyId, status, createdAt })),
    );
  }

  createKey(principal: string, rotationId: string): Promise<NewAccessKey> {
    return this.log.run('keys.createKey', true, [principal, rotationId], () => {
      if (this.user(principal).keys.length >= KEYS_PER_USER)
        throw serviceError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`);
      const { keyId, secretAccessKey, createdAt } = this.mint(principal, 'Active');
      return { keyId, secretAccessKey, createdAt };
    });
  }

  retireKey(principal: string, keyId: string, context: RetireContext): Promise<RetireResult> {
    return this.log.run('keys.retireKey', true, [principal, keyId, context], () => {
      const key = this.user(principal).keys.find((k) => k.keyId === keyId);
      if (!key) throw serviceError('NoSuchEntity', `The Access Key with id ${keyId} cannot be found`);
      key.status = 'Inactive';
      key.retired = context;
      if (this.provider === 'aws') return {};
      const previousDescription = key.description ?? '';
      key.description = `${RETIRED_DESCRIPTION_PREFIX}${context.retiredAt} by ${context.rotationId}`;
      return { previousDescription };
    });
  }

  reactivateKey(principal: string, keyId: string, previous: ReactivationContext): Promise<void> {
    return this.log.run('keys.reactivateKey', true, [principal, keyId, previous], () => {
      const key = this.user(principal).keys.find((k) => k.keyId === keyId);
      if (!key) throw serviceError('NoSuchEntity', `The Access Key with id ${keyId} cannot be found`);
      key.status = 'Active';
      key.retired = undefined;
      if (this.provider === 'yandex') key.description = previous.previousDescription ?? '';
    });
  }

  deleteKey(principal: string, keyId: string): Promise<void> {
    return this.log.run('keys.deleteKey', true, [principal, keyId], () => {
      const user = this.user(principal);
      user.keys = user.keys.filter((key) => key.keyId !== keyId);
    });
  }

  lastUsedAt(principal: string, keyId: string): Promise<string | undefined> {
    return this.log.run(
      'keys.lastUsedAt',
      false,
      [principal, keyId],
      () => this.user(principal).keys.find((key) => key.keyId === keyId)?.lastUsedAt,
    );
  }

  /** A member account's users are added as `<account>/<user>`. */
  findKeyOwner(keyId: string, account?: string): Promise<{ principal: string; keyId: string } | undefined> {
    return this.log.run('keys.findKeyOwner', false, [keyId, account], () => {
      for (const [principal, user] of this.users) {
        const inAccount =
          account === undefined ? !principal.includes('/') : principal.startsWith(`${account}/`);
        if (inAccount && user.keys.some((key) => key.keyId === keyId)) return { principal, keyId };
      }
      return undefined;
    });
  }

  private user(principal: string): FakeUser {
    const user = this.users.get(principal);
    if (!user) throw new PrincipalNotFoundError(`IAM user ${principal} does not exist`);
    return user;
  }

  private mint(principal: string, status: AccessKeyStatus): FakeKey {
    const user = this.user(principal);
    this.sequence += 1;
    const key: FakeKey = {
      keyId: `AKIATEST${String(this.sequence).padStart(12, '0')}`,
      // Distinctive, so a test can search any output for it.
      secretAccessKey: `SECRET-${this.sequence}-${Math.random().toString(36).slice(2, 10)}`,
      createdAt: this.clock.iso(),
      status,
    };
    user.keys.push(key);
    return key;
  }
}
