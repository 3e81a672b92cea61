/**
 * Temporary credentials issued by STS AssumeRole. They are kept in the shared
 * state, not in this process, so any local cloud serving the same state dir
 * (the runner's Lambdas, a CLI, a second test instance) accepts a session
 * another one issued. Sessions expired for over an hour are dropped when a
 * new one is issued: until then an expired session is still told apart
 * (ExpiredToken) from one that never existed.
 */
import { randomBytes } from 'node:crypto';
import { newSessionKeyId } from '../iam/iam-ids.ts';
import { stateCopy } from '../state/change-recorder.ts';
import type { StoredSession } from '../state/cloud-state.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';

const PRUNE_AFTER_EXPIRY_MS = 3600 * 1000;

export type IamSession = Readonly<StoredSession>;

export interface IssueSessionSpec {
  readonly accountId: string;
  readonly roleName: string;
  readonly rolePath: string;
  readonly roleId: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
}

export function sessionArn(session: Pick<IamSession, 'accountId' | 'roleName' | 'sessionName'>): string {
  return `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`;
}

export class SessionStore {
  readonly #state: CloudStateStore;
  readonly #now: () => Date;

  /** @param now the cloud's clock (a test may move it to see sessions expire). */
  constructor(state: CloudStateStore, now: () => Date) {
    this.#state = state;
    this.#now = now;
  }

  now(): Date {
    return this.#now();
  }

  issue(spec: IssueSessionSpec): IamSession {
    const now = this.#now().getTime();
    const { durationSeconds, ...role } = spec;
    const session: StoredSession = {
      ...role,
      accessKeyId: newSessionKeyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(192).toString('base64'),
      expiration: new Date(now + durationSeconds * 1000).toISOString(),
    };
    return this.#state.mutate((draft) => {
      draft.sessions ??= {};
      for (const [id, stored] of Object.entries(draft.sessions))
        if (Date.parse(stored.expiration) + PRUNE_AFTER_EXPIRY_MS < now) delete draft.sessions[id];
      draft.sessions[session.accessKeyId] = session;
      return stateCopy(session);
    });
  }

  find(accessKeyId: string): IamSession | undefined {
    const session = this.#state.read().sessions?.[accessKeyId];
    return session && stateCopy(session);
  }

  isExpired(session: IamSession): boolean {
    return Date.parse(session.expiration) <= this.#now().getTime();
  }
}
