/**
 * A failed read of an account, in the report's words: which call failed and
 * how (the error's name and status, or the timeout that ended it), never the
 * SDK's message, which can echo request details. The member credentials
 * already say it for the role (MemberAccountUnreachableError: what failed;
 * what to do) and for a retryable STS failure (TransientError).
 */
import { AccountReadError } from '../../evidence/model/account-reads.ts';
import { errorNameOf, failureOf, timeoutOf } from '../../lambdas/adapters/aws/transient-errors.ts';
import { MemberAccountUnreachableError, TransientError } from '../../lambdas/rotation/rotation-errors.ts';

/** @param what the call, e.g. "STS AssumeRole of arn:…", for an error that does not say it. */
export function accountReadError(
  stage: AccountReadError['stage'],
  what: string,
  error: unknown,
): AccountReadError {
  if (error instanceof MemberAccountUnreachableError) {
    const [how = error.message, ...todo] = error.message.split('; ');
    const action = todo.join('; ') || undefined;
    return new AccountReadError(stage, error.name, how, { cause: error, ...(action && { action }) });
  }
  if (error instanceof TransientError) {
    const how = error.message.replace(/; safe to retry$/, '');
    const hung = /did not answer|could not connect/.test(how);
    return new AccountReadError(stage, hung ? 'TimeoutError' : error.name, how, { cause: error });
  }
  // A hung call is named by what happened to it, not by the socket code the SDK's timeout left behind.
  const name = timeoutOf(error) === undefined ? errorNameOf(error) : 'TimeoutError';
  return new AccountReadError(stage, name, `${what} ${failureOf(error)}`, { cause: error });
}
