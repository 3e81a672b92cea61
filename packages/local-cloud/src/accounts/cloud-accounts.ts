/**
 * The accounts one local cloud serves: its home account (the hub, whose data
 * sits where single-account states keep it) and the member accounts seeded
 * beside it, each with its own IAM and Secrets Manager. Stores are made once
 * per account and per instance; which accounts exist is read from the shared
 * state each time, so an account another process added is served here too.
 */
import type { IamAccessKey } from '../iam/iam-store.ts';
import { IamStore } from '../iam/iam-store.ts';
import { SecretsStore } from '../secrets/secrets-store.ts';
import { checkAccountId } from '../state/account-of-state.ts';
import { emptyAccount, memberSections } from '../state/account-sections.ts';
import type { CloudStateStore } from '../state/cloud-state-store.ts';

/** One account's stores, for seeding and inspection (and for the wire API, which acts through them). */
export interface CloudAccount {
  readonly accountId: string;
  readonly iam: IamStore;
  readonly secrets: SecretsStore;
}

export class CloudAccounts {
  readonly home: CloudAccount;
  readonly #state: CloudStateStore;
  readonly #members = new Map<string, CloudAccount>();

  constructor(state: CloudStateStore, home: CloudAccount) {
    this.#state = state;
    this.home = home;
  }

  get homeId(): string {
    return this.home.accountId;
  }

  /** Member account ids, ordered. */
  memberIds(): string[] {
    return Object.keys(this.#state.read().accounts ?? {}).sort();
  }

  find(accountId: string): CloudAccount | undefined {
    if (accountId === this.homeId) return this.home;
    if (!Object.hasOwn(this.#state.read().accounts ?? {}, accountId)) return undefined;
    let account = this.#members.get(accountId);
    if (!account) {
      const sections = memberSections(accountId);
      account = {
        accountId,
        iam: new IamStore(this.#state, accountId, sections.iam),
        secrets: new SecretsStore(this.#state, accountId, sections.secrets),
      };
      this.#members.set(accountId, account);
    }
    return account;
  }

  /** @throws Error naming the account when the cloud has none of that id. */
  get(accountId: string): CloudAccount {
    const account = this.find(accountId);
    if (!account)
      throw new Error(
        `the local cloud has no account ${accountId} (it has ${[this.homeId, ...this.memberIds()].join(', ')})`,
      );
    return account;
  }

  /** Adds a member account with empty IAM and Secrets Manager, unless it is there already. */
  add(accountId: string): CloudAccount {
    checkAccountId(accountId, 'accountId');
    if (accountId !== this.homeId)
      this.#state.mutate((draft) => {
        draft.accounts ??= {};
        draft.accounts[accountId] ??= emptyAccount();
      });
    return this.get(accountId);
  }

  /** The account holding a user's access key (the home account first), and the key. */
  findAccessKey(accessKeyId: string): { account: CloudAccount; key: IamAccessKey } | undefined {
    for (const account of [this.home, ...this.memberIds().map((id) => this.get(id))]) {
      const key = account.iam.findAccessKey(accessKeyId);
      if (key) return { account, key };
    }
    return undefined;
  }
}
