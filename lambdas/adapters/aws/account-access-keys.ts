/**
 * AccessKeyProvider for the IAM users of every account in scope. The ports
 * take the principal as one string, so the rules are the same for `alice`
 * (the hub's user) and `111122223333/alice` (a member account's); here the
 * account is split off and the call goes to that account's IAM provider with
 * the bare user name, which is all IAM knows the user by.
 */

import type { AccessKeyProvider } from '../../rotation/ports.ts';
import { ValidationError } from '../../rotation/rotation-errors.ts';
import { formatAccountPrincipal, parseAccountPrincipal } from '../../shared/account-principal.ts';

/** @param account undefined for the hub. */
export type AccessKeysOfAccount = (account: string | undefined) => AccessKeyProvider;

export function accountAccessKeys(
  hubAccountId: string | undefined,
  keysOf: AccessKeysOfAccount,
): AccessKeyProvider {
  function route(principal: string) {
    const parsed = parseAccountPrincipal(principal, hubAccountId);
    // The input was validated before any step; a principal that is not one is refused, never guessed at.
    if (!parsed.ok) throw new ValidationError('principal', parsed.reason);
    return { keys: keysOf(parsed.principal.account), user: parsed.principal.user };
  }

  return {
    provider: 'aws',

    async describePrincipal(principal) {
      const { keys, user } = route(principal);
      // The rules report the principal as they named it, account included.
      return { ...(await keys.describePrincipal(user)), principal };
    },
    async listKeys(principal) {
      const { keys, user } = route(principal);
      return keys.listKeys(user);
    },
    async createKey(principal, rotationId) {
      const { keys, user } = route(principal);
      return keys.createKey(user, rotationId);
    },
    async retireKey(principal, keyId, context) {
      const { keys, user } = route(principal);
      return keys.retireKey(user, keyId, context);
    },
    async reactivateKey(principal, keyId, previous) {
      const { keys, user } = route(principal);
      return keys.reactivateKey(user, keyId, previous);
    },
    async deleteKey(principal, keyId) {
      const { keys, user } = route(principal);
      return keys.deleteKey(user, keyId);
    },
    async lastUsedAt(principal, keyId) {
      const { keys, user } = route(principal);
      return keys.lastUsedAt(user, keyId);
    },
    // A key id names no account, so the caller says which one to ask; IAM answers with the bare user.
    async findKeyOwner(keyId, account) {
      const member = account === hubAccountId ? undefined : account;
      const owner = await keysOf(member).findKeyOwner(keyId);
      if (owner === undefined) return undefined;
      return {
        principal: formatAccountPrincipal({ account: member, user: owner.principal }),
        keyId: owner.keyId,
      };
    },
  };
}
