/**
 * SecretStore for the secrets of every account in scope. A member
 * principal's secret is named `<prefix>/aws/<account-id>/<user>`; it is kept
 * in the hub (the default, `AKR_SECRET_LOCATION=hub`) or, with `member`, in
 * that member account, for consumers that read it there. Either way the
 * staging-label protocol is the same, since the store behind it is.
 *
 * The port names a secret only, so the account is read back from the name:
 * IAM user names have no `/`, so `<12 digits>/<user>` after the prefix can
 * only be a member principal.
 */
import type { SecretLocation } from '../../config/account-scope.ts';
import type { SecretStore } from '../../rotation/ports.ts';

export interface AccountSecretStoreOptions {
  /** The hub's store: every secret of a hub-only deployment, and member secrets unless `location` is `member`. */
  readonly hub: SecretStore;
  /** A member account's own store, built on its clients (and its default KMS key). */
  readonly memberStore: (account: string) => SecretStore;
  readonly secretNamePrefix: string;
  readonly location: SecretLocation;
  readonly hubAccountId: string | undefined;
}

const MEMBER_PRINCIPAL = /^(\d{12})\/[^/]+$/;

/** @returns the member account a secret name belongs to, or undefined for a hub principal's. */
export function memberAccountOfSecret(secretName: string, secretNamePrefix: string): string | undefined {
  const start = `${secretNamePrefix}/aws/`;
  if (!secretName.startsWith(start)) return undefined;
  return MEMBER_PRINCIPAL.exec(secretName.slice(start.length))?.[1];
}

export function accountSecretStore(options: AccountSecretStoreOptions): SecretStore {
  if (options.location === 'hub') return options.hub;
  const storeOf = (secretName: string): SecretStore => {
    const account = memberAccountOfSecret(secretName, options.secretNamePrefix);
    return account === undefined || account === options.hubAccountId
      ? options.hub
      : options.memberStore(account);
  };
  return {
    describe: (secretName) => storeOf(secretName).describe(secretName),
    readCredential: (secretName, selector) => storeOf(secretName).readCredential(secretName, selector),
    create: (secretName, tags) => storeOf(secretName).create(secretName, tags),
    putPending: (secretName, versionId, credential) =>
      storeOf(secretName).putPending(secretName, versionId, credential),
    putAccessPolicy: (secretName, policy) => storeOf(secretName).putAccessPolicy(secretName, policy),
    recordManagement: (secretName, management) =>
      storeOf(secretName).recordManagement(secretName, management),
    moveStage: (secretName, stage, move) => storeOf(secretName).moveStage(secretName, stage, move),
  };
}
