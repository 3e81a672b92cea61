/**
 * Where each account's IAM and Secrets Manager live in the state: the home
 * account's at the top (`iam`, `secrets`, exactly where single-account states
 * keep them), each member's under `accounts[<id>]`. The stores take one of
 * these selectors, so one store class serves every account.
 */
import type { CloudState, IamSection, StoredAccount, StoredSecret } from './cloud-state.ts';

export type IamSectionOf = (state: CloudState) => IamSection;
export type SecretsSectionOf = (state: CloudState) => Record<string, StoredSecret>;

export const homeIamSection: IamSectionOf = (state) => state.iam;
export const homeSecretsSection: SecretsSectionOf = (state) => state.secrets;

/** @throws Error when the state holds no such member account. */
export function memberAccount(state: CloudState, accountId: string): StoredAccount {
  const account = state.accounts?.[accountId];
  if (!account) throw new Error(`the local cloud has no account ${accountId}`);
  return account;
}

export function memberSections(accountId: string): { iam: IamSectionOf; secrets: SecretsSectionOf } {
  return {
    iam: (state) => memberAccount(state, accountId).iam,
    secrets: (state) => memberAccount(state, accountId).secrets,
  };
}

export function emptyAccount(): StoredAccount {
  return { iam: { users: {}, accessKeys: {}, groups: {}, roles: {} }, secrets: {} };
}
