/**
 * The accounts this container reaches, read from its environment once, at
 * cold start (a misconfigured scope fails before the first invocation, naming
 * the variable), and the member role's credentials, one session per account
 * for the container's life, shared by every client of that account. A
 * single-account deployment never asks for one, so it assumes no role.
 */
import {
  type MemberAccountCredentials,
  memberAccountCredentials,
} from '../adapters/aws/member-account-credentials.ts';
import { type AccountScope, readAccountScope, readHubAccountId } from '../config/account-scope.ts';

export const accountScope: AccountScope = readAccountScope();

/** Undefined where the environment does not say (tests, older deployments): `<id>/<user>` is then a member's. */
export const hubAccountId: string | undefined = readHubAccountId();

export const memberCredentials: MemberAccountCredentials = memberAccountCredentials(accountScope);
