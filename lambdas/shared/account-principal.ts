/**
 * A principal of a multi-account deployment: `<user>` in the hub account (the
 * account the stack is deployed to, exactly as a single-account deployment
 * names it) or `<account-id>/<user>` in a member account. The account travels
 * in the principal itself, so execution names, lock ids, secret names
 * (`<prefix>/aws/<account-id>/<user>`), evidence records and notifications
 * carry it without a field of their own.
 *
 * Pure and without error classes: the rules turn a reason into their
 * ValidationError, the CDK settings into a synth error.
 */

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

export interface AccountPrincipal {
  /** Undefined for the hub account. */
  readonly account: string | undefined;
  readonly user: string;
}

export type ParsedPrincipal =
  | { readonly ok: true; readonly principal: AccountPrincipal }
  | { readonly ok: false; readonly reason: string };

/**
 * Splits `<account-id>/<user>`. `<hub-account-id>/<user>` is the hub's own
 * user and comes back without an account, so both spellings name one lock,
 * one secret and one execution.
 */
export function parseAccountPrincipal(principal: string, hubAccountId: string | undefined): ParsedPrincipal {
  const parts = principal.split('/');
  if (parts.length === 1) return { ok: true, principal: { account: undefined, user: principal } };
  const [account = '', user = ''] = parts;
  if (parts.length > 2)
    return { ok: false, reason: 'must be <user> or <account-id>/<user>, with one "/" at most' };
  if (!ACCOUNT_ID_PATTERN.test(account))
    return { ok: false, reason: `account "${account}" before the "/" must be a 12-digit AWS account id` };
  if (user === '') return { ok: false, reason: 'must name a user after the "/"' };
  return { ok: true, principal: { account: account === hubAccountId ? undefined : account, user } };
}

export function formatAccountPrincipal(principal: AccountPrincipal): string {
  return principal.account === undefined ? principal.user : `${principal.account}/${principal.user}`;
}

/** The account a principal's calls go to: its member account, or the hub's. */
export function accountOf(principal: AccountPrincipal, hubAccountId: string): string {
  return principal.account ?? hubAccountId;
}

/**
 * Step Functions refuses `/` in execution names; `_` stands for it, so
 * `111122223333/alice` runs as `111122223333_alice-…`.
 */
export function executionNamePart(principal: string): string {
  return principal.replace('/', '_');
}
