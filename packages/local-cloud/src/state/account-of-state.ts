/**
 * Which AWS account a local cloud state belongs to. Secrets and SNS topics
 * keep the ARN they were created with, so a state can be served as one
 * account only: serving it as another would mix two accounts' ARNs. A state
 * records its account once it is served as one other than the default; a
 * state that records none is the default account's, unless it holds no
 * stored ARN yet, in which case any account may take it.
 */
import { LOCAL_ACCOUNT_ID } from '../cloud-constants.ts';
import type { CloudState } from './cloud-state.ts';
import type { CloudStateStore } from './cloud-state-store.ts';

/**
 * An account the local cloud refuses to serve. It has the shape of a
 * validation error (name, code, `field: reason`) so a caller can show it as
 * bad input; `reason` is the message without the field.
 */
export class AccountRefusedError extends Error {
  override readonly name = 'ValidationError';
  readonly code = 'VALIDATION_ERROR';
  readonly field: string;
  readonly reason: string;
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** Twelve digits, as AWS account ids are. */
const ACCOUNT_ID = /^\d{12}$/;

/** @throws AccountRefusedError naming `field` unless `value` is 12 digits. */
export function checkAccountId(value: string, field: string): void {
  if (!ACCOUNT_ID.test(value))
    throw new AccountRefusedError(field, 'must be an AWS account id of 12 digits, such as 123456789012');
}

function holdsStoredArns(state: CloudState): boolean {
  return Object.keys(state.secrets).length > 0 || Object.keys(state.sns.topics).length > 0;
}

/**
 * @param requested the account asked for; undefined takes the state's own.
 * @returns the account the cloud serves the state as.
 * @throws AccountRefusedError when `requested` is not an account id or the state belongs to another account.
 */
export function claimAccount(state: CloudStateStore, requested: string | undefined, where: string): string {
  if (requested !== undefined) checkAccountId(requested, 'accountId');
  const current = state.read();
  const owner = current.accountId ?? (holdsStoredArns(current) ? LOCAL_ACCOUNT_ID : undefined);
  if (requested === undefined) return owner ?? LOCAL_ACCOUNT_ID;
  if (owner !== undefined && owner !== requested)
    throw new AccountRefusedError(
      'accountId',
      `the local cloud state in ${where} belongs to account ${owner}; serve it as ${owner}, or use another state directory for ${requested}`,
    );
  if (current.accountId === undefined && requested !== LOCAL_ACCOUNT_ID)
    state.mutate((draft) => {
      draft.accountId = requested;
    });
  return requested;
}
